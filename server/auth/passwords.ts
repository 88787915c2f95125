import bcrypt from "bcryptjs";

// bcryptjs: pure JS (no native build), well kept, constant-time compare. Cost 12 ≈ 250 ms here.
const COST = process.env.NODE_ENV === "test" ? 4 : 12;

export const hashPassword = (plain: string) => bcrypt.hash(plain, COST);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

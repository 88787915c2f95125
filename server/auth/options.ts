import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { dbReady, getDb } from "@/server/db/client";
import { isRole } from "@/server/domain/roles";
import { logger } from "@/server/logger";
import { clientIp } from "./client-ip";
import { signIn } from "./sign-in";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        await dbReady();
        const result = await signIn(getDb(), credentials, clientIp(req?.headers));
        if (result.ok) return result.user;
        logger.info({ reason: result.reason }, "sign-in refused");
        // next-auth turns a thrown error's message into ?error=... for our sign-in page.
        if (result.reason === "LOCKED") throw new Error("LOCKED");
        if (result.reason === "INVALID_INPUT") throw new Error("INVALID_INPUT");
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = (user as { role?: string }).role;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.id = typeof token.uid === "string" ? token.uid : "";
        session.user.role = isRole(token.role) ? token.role : "VIEWER";
      }
      return session;
    },
  },
};

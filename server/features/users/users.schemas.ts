import { z } from "zod";
import { ROLES } from "@/server/domain/roles";

export const userDto = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
});
export type UserDto = z.infer<typeof userDto>;

export const updateUserInput = z
  .object({
    id: z.string().min(1).max(64),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, { message: "Nothing to change" });

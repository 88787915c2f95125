import { z } from "zod";
import { updateUserInput, userDto } from "@/server/features/users/users.schemas";
import * as users from "@/server/features/users/users.service";
import { adminProcedure, router } from "../init";

export const usersRouter = router({
  list: adminProcedure.input(z.void()).output(z.array(userDto)).query(({ ctx }) => users.list(ctx.db)),
  update: adminProcedure.input(updateUserInput).output(userDto).mutation(({ ctx, input }) => users.update(ctx.db, ctx.user, input)),
});

#!/usr/bin/env bash
# The product on one machine: embedded SQLite, sandbox integrations, demo data.
# First run generates secrets and sign-in passwords into data/demo.env (git-ignored) and reuses them.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 NODE_ENV=production

# The Prisma clients are git-ignored and made by npm's postinstall: with node_modules already
# there, generate them (~4 s, offline) so a schema changed since the install is the one used.
if [ -d node_modules ]; then npm run --silent db:generate >/dev/null; else npm ci --no-audit --no-fund; fi
mkdir -p data
envfile=data/demo.env
if [ ! -f "$envfile" ]; then
  rnd() { node -e "console.log(require('crypto').randomBytes($1).toString('base64url'))"; }
  umask 077
  cat >"$envfile" <<ENV
NEXTAUTH_SECRET=$(rnd 32)
SEED_APPROVER_PASSWORD=$(rnd 9)
SEED_VIEWER_PASSWORD=$(rnd 9)
SEED_ADMIN_PASSWORD=$(rnd 9)
ENV
fi
# Secrets added by later versions are appended to an existing file.
grep -q '^RB2B_WEBHOOK_TOKEN=' "$envfile" || echo "RB2B_WEBHOOK_TOKEN=$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")" >>"$envfile"
grep -q '^CLAY_CALLBACK_SECRET=' "$envfile" || echo "CLAY_CALLBACK_SECRET=$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")" >>"$envfile"
set -a; . "$envfile"; set +a
export PORT="${PORT:-3000}"
export DATABASE_URL="${DATABASE_URL:-file:./data/demo.db}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-http://localhost:$PORT}"

echo "::: database ($DATABASE_URL)"
npx --no-install prisma migrate deploy 2>&1 | grep -E "applied|No pending|Error" || true
npx --no-install tsx prisma/seed.ts --demo | sed 's/password: .*/(password below)/'
echo "::: building (about a minute)"
npx --no-install next build >data/build.log 2>&1 || { tail -40 data/build.log; exit 1; }

cat <<MSG

  CAIO Swarm is starting at $NEXTAUTH_URL
  Sign in as:
    Dani (approver)  dani@caio-swarm.local   $SEED_APPROVER_PASSWORD
    Team (viewer)    team@caio-swarm.local   $SEED_VIEWER_PASSWORD
    Admin            admin@caio-swarm.local  $SEED_ADMIN_PASSWORD
  RB2B webhook: POST $NEXTAUTH_URL/api/webhooks/rb2b?token=$RB2B_WEBHOOK_TOKEN
  Integrations run in sandbox mode: nothing leaves this machine. The local Inngest executor
  runs beside the app (logs prefixed [executor]). Ctrl-C stops both.

MSG
exec npx --no-install tsx scripts/serve.ts start

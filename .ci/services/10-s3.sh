# S3-compatible server for the S3 datastore tests: fauxqs (npm) under Node 22 (npm package
# `node@22`; fauxqs 2 needs Node >= 22.5), objects kept in memory, on 127.0.0.1.
# Sourced by .ci/run; exports METAFLOW_TEST_S3_ENDPOINT. Tests create their own bucket per test.
S3_PORT="${METAFLOW_TEST_S3_PORT:-54570}"
S3_DIR="$CI_STATE/s3"
mkdir -p "$S3_DIR"
(
  cd "$S3_DIR"
  [ -f package.json ] || npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error node@22 fauxqs@2.4.1 >/dev/null
  cat > serve.mjs <<'JS'
import { buildApp } from "fauxqs";
const app = buildApp({ logger: false });
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
JS
)
PORT="$S3_PORT" "$S3_DIR/node_modules/.bin/node" "$S3_DIR/serve.mjs" > "$S3_DIR/server.log" 2>&1 &
S3_PID=$!
echo "kill $S3_PID 2>/dev/null || true" >> "$CI_STOP"
for _ in $(seq 1 400); do
  if node -e "fetch('http://127.0.0.1:$S3_PORT/').then(() => process.exit(0), () => process.exit(1))" 2>/dev/null; then break; fi
  sleep 0.3
done
node -e "fetch('http://127.0.0.1:$S3_PORT/').then(() => process.exit(0), () => process.exit(1))" || { cat "$S3_DIR/server.log"; echo "fauxqs did not start on port $S3_PORT" >&2; return 1 2>/dev/null || exit 1; }
export METAFLOW_TEST_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
echo "S3 (fauxqs) at $METAFLOW_TEST_S3_ENDPOINT"

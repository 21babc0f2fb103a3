# Headless Chromium for the browser tests (the UI, cards): Debian's package, driven by
# playwright-core through executablePath (never `npx playwright install`). Not a server: each
# test launches and closes its own browser, so nothing is added to $CI_STOP.
if ! command -v chromium >/dev/null 2>&1; then
  apt-get install -y -q chromium >/dev/null
fi
export METAFLOW_TEST_CHROMIUM="$(command -v chromium)"
echo "chromium: $("$METAFLOW_TEST_CHROMIUM" --version 2>/dev/null || echo '?')"

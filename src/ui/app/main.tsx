/**
 * The browser app of `metaflow-ts ui`: routes the URL to a page.
 * @module
 */
import { render, type JSX } from "preact";
import { RunPage } from "./pages/run-page.js";
import { RunsPage } from "./pages/runs-page.js";
import { TaskPage } from "./pages/task-page.js";
import { Link, navigate, useLocation } from "./router.js";
import "./styles.css";

function Page(): JSX.Element {
  const loc = useLocation();
  const parts = loc.path.split("/").filter((p) => p !== "").map(decodeURIComponent);
  if (parts[0] === "runs" && parts.length === 3) return <RunPage key={loc.path} flow={parts[1] as string} run={parts[2] as string} />;
  if (parts[0] === "tasks" && parts.length === 5) return <TaskPage key={loc.path} pathspec={parts.slice(1).join("/")} loc={loc} />;
  if (parts.length === 0) return <RunsPage loc={loc} />;
  return (
    <p>
      No page at <code>{loc.path}</code>. <Link href="/">All flows</Link>
    </p>
  );
}

function App(): JSX.Element {
  return (
    <>
      <header class="top">
        <Link href="/" class="brand">
          metaflow-ts
        </Link>
      </header>
      <main>
        <Page />
      </main>
    </>
  );
}

// Links inside the SVG graph (and any other plain same-origin link to a page) navigate in place.
document.addEventListener("click", (e) => {
  const a = (e.target as Element | null)?.closest?.("a[data-link=app]");
  if (a === null || a === undefined || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute("href");
  if (href === null) return;
  e.preventDefault();
  navigate(href);
  window.scrollTo(0, 0);
});

render(<App />, document.getElementById("app") as HTMLElement);

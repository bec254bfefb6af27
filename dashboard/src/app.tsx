import { Link, Route, Switch, useRoute } from "wouter";
import { ConnectionProvider, useConnection } from "./api/connection.js";
import { ErrorNote } from "./components/error-note.js";
import { FlowPage } from "./pages/flow-page.js";
import { FlowsPage } from "./pages/flows-page.js";
import { OverviewPage } from "./pages/overview-page.js";
import { RunPage } from "./pages/run-page.js";
import { RunsPage } from "./pages/runs-page.js";
import { TaskPage } from "./pages/task-page.js";
import { TasksPage } from "./pages/tasks-page.js";

export function App() {
  return (
    <ConnectionProvider>
      <Shell />
    </ConnectionProvider>
  );
}

function Shell() {
  const { session, signOut } = useConnection();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link href="/" className="brand">
          wasmflow
        </Link>
        <nav aria-label="Sections">
          <NavLink href="/" label="Overview" exact />
          <NavLink href="/flows" label="Flows" />
          <NavLink href="/runs" label="Runs" />
          <NavLink href="/tasks" label="Tasks" />
        </nav>
        <div className="session">
          <span className="scope-badge" title="what this session may do">
            {session.token === null ? "no token needed" : `token ${session.token.id}`} · {session.scope}
          </span>
          {session.token === null ? null : (
            <button type="button" className="link-button" onClick={signOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/" component={OverviewPage} />
          <Route path="/flows" component={FlowsPage} />
          <Route path="/flows/:ref">{(params) => <FlowPage reference={decodeURIComponent(params.ref)} />}</Route>
          <Route path="/runs" component={RunsPage} />
          <Route path="/runs/:id">{(params) => <RunPage id={decodeURIComponent(params.id)} />}</Route>
          <Route path="/tasks" component={TasksPage} />
          <Route path="/tasks/:ref">{(params) => <TaskPage reference={decodeURIComponent(params.ref)} />}</Route>
          <Route>
            <h1>Not found</h1>
            <ErrorNote message="There is no page here." />
          </Route>
        </Switch>
      </main>
    </>
  );
}

function NavLink({ href, label, exact }: { readonly href: string; readonly label: string; readonly exact?: boolean }) {
  const [active] = useRoute(exact === true ? href : `${href}/*?`);
  return (
    <Link href={href} aria-current={active ? "page" : undefined} className={active ? "active" : undefined}>
      {label}
    </Link>
  );
}

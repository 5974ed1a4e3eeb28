/**
 * Mounting the task pane (index.tsx calls this once Office is ready): create the services,
 * start the background work (bootstrap.ts), render the App. If the services cannot be
 * created (e.g. the market store chunk fails to load, or two builds share the page), the
 * pane shows that as a MessageBar with what to do, instead of staying blank.
 */
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { createNoticeHub, startBackground } from "./bootstrap";
import { createServices } from "./createServices";
import { NoticeList, errorNotice } from "./notices";
import { ServicesProvider, type TaskpaneServices } from "./services";

export interface MountedTaskpane {
  /** Stops the background work and unmounts. */
  unmount(): void;
}

export async function mountTaskpane(
  container: HTMLElement,
  makeServices: () => Promise<TaskpaneServices> = createServices,
): Promise<MountedTaskpane> {
  const root = createRoot(container);
  let services: TaskpaneServices;
  try {
    services = await makeServices();
  } catch (e) {
    const notice = errorNotice(
      "PivotLens could not start",
      e,
      "Close and reopen the task pane; if it keeps failing, restart Excel.",
    );
    root.render(
      <FluentProvider theme={webLightTheme}>
        <main aria-label="PivotLens">
          <NoticeList notices={[{ ...notice, key: 0 }]} label="Add-in messages" />
        </main>
      </FluentProvider>,
    );
    return { unmount: () => root.unmount() };
  }
  const hub = createNoticeHub();
  const stop = startBackground(services, hub);
  // The first screen is rendered and committed now, in this task, rather than in one React
  // schedules: whatever the page queued meanwhile (in Excel's runtime or the preview host,
  // e.g. the work that registering the functions starts) then runs after the pane is usable.
  flushSync(() =>
    root.render(
      <FluentProvider theme={webLightTheme}>
        <ServicesProvider services={services}>
          <App hub={hub} />
        </ServicesProvider>
      </FluentProvider>,
    ),
  );
  return {
    unmount() {
      stop();
      root.unmount();
    },
  };
}

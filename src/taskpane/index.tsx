/**
 * Task pane entry. Renders inside Office.onReady so Excel's API is available; the shared
 * runtime already loaded functions.js in this page, so both see one market store and one
 * deal list (see src/market/store.ts and src/deals/store.ts). The logic lives in tested
 * modules: createServices.ts (what the panels call), bootstrap.ts (start-up, and
 * recalculation of dependent cells when the market snapshot or the deal list changes).
 */
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "./App";
import { createNoticeHub, startBackground } from "./bootstrap";
import { createServices } from "./createServices";
import { ServicesProvider } from "./services";

async function mount(): Promise<void> {
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html has no #root element");
  const services = await createServices();
  const hub = createNoticeHub();
  startBackground(services, hub);
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <ServicesProvider services={services}>
        <App hub={hub} />
      </ServicesProvider>
    </FluentProvider>,
  );
}

void Office.onReady().then(mount);

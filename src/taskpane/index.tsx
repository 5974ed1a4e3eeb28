/**
 * Task pane entry. Renders inside Office.onReady so Excel's API is available; the shared
 * runtime already loaded functions.js in this page, so both see one market state.
 */
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "./App";

function mount(): void {
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html has no #root element");
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
}

void Office.onReady(mount);

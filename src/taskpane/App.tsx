import { Title3 } from "@fluentui/react-components";

export function App(): JSX.Element {
  return (
    <main aria-label="PivotLens">
      <Title3 as="h1">PivotLens</Title3>
    </main>
  );
}

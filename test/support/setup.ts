import { installCustomFunctionsRuntime } from "../../src/preview/customFunctionsRuntime";

installCustomFunctionsRuntime();

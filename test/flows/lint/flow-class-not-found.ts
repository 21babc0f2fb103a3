// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run). // error: FLOW_CLASS_NOT_FOUND
import { step } from "metaflow-ts";

export class Helpers {
  @step
  start() {}
}

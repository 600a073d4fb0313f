import { expect } from "vitest";
import { InputError } from "../../src/core/errors.js";

/** Runs `fn`, asserts it throws an `InputError`, and returns it for checks on its message. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError, but nothing was thrown");
}

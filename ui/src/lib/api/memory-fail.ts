// The error the in-memory backend throws: the shape the shell sends (`{ code, message, fields }`).
import type { ApiError } from "../../bindings/ApiError";

export const fail = (code: ApiError["code"], message: string, fields: ApiError["fields"] = []): ApiError => ({
  code, message, fields,
});

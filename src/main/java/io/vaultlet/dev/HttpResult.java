package io.vaultlet.dev;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What to send back: status, content type, body (null: none) and extra headers. */
record HttpResult(int status, String contentType, byte[] body, Map<String, String> headers) {

  static HttpResult json(int status, Object value) {
    return new HttpResult(status, "application/json", Json.write(value), new LinkedHashMap<>());
  }

  static HttpResult errors(int status, List<String> errors) {
    return new HttpResult(status, "application/json", Json.errors(errors), new LinkedHashMap<>());
  }

  static HttpResult error(DevException e) {
    return errors(e.status(), e.errors());
  }

  static HttpResult noContent() {
    return new HttpResult(204, "application/json", null, new LinkedHashMap<>());
  }

  HttpResult withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }
}

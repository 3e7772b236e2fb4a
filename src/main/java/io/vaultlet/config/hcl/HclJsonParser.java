package io.vaultlet.config.hcl;

/** HCL1-JSON: placeholder until the JSON syntax is implemented. */
final class HclJsonParser {
  private HclJsonParser() {}

  static ObjectNode parse(String file, String text) {
    throw new HclParseException(new Position(file, 1, 1), "HCL1-JSON is not supported yet");
  }
}

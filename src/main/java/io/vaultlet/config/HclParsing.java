package io.vaultlet.config;

import io.vaultlet.config.hcl.Hcl;
import io.vaultlet.config.hcl.HclParseException;
import io.vaultlet.config.hcl.ObjectNode;

/** The bridge to the HCL1 parser: a syntax error becomes a {@link Problem} at the parser's position. */
final class HclParsing {

  private HclParsing() {}

  static ObjectNode parse(String fileName, String text) throws ConfigException {
    try {
      return Hcl.parse(fileName, text);
    } catch (HclParseException e) {
      throw new ConfigException(new Problem(e.position(), "invalid HCL: " + e.reason()));
    }
  }
}

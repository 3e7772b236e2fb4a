package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoStruct;
import java.util.List;

/**
 * The value of {@code pkiCert}: consul-template's {@code dependency.PemEncoded} ({@code .Cert .Key .CA .CAChain}). Its
 * {@code .Data} returns itself, so {@code .Data.Cert} also works (consul-template's compatibility method).
 */
public record PemEncoded(String cert, String key, String ca, List<String> caChain) implements GoStruct {

  private static final List<String> FIELDS = List.of("Cert", "Key", "CA", "CAChain");

  public PemEncoded {
    cert = cert == null ? "" : cert;
    key = key == null ? "" : key;
    ca = ca == null ? "" : ca;
    caChain = caChain == null ? null : StringSlice.of(caChain);
  }

  @Override
  public String typeName() {
    return "dependency.PemEncoded";
  }

  @Override
  public boolean pointer() {
    return false;
  }

  @Override
  public List<String> fieldNames() {
    return FIELDS;
  }

  @Override
  public Object field(String name) {
    switch (name) {
      case "Cert": return cert;
      case "Key": return key;
      case "CA": return ca;
      case "CAChain": return caChain;
      case "Data": return this;
      default: throw new IllegalArgumentException("no field " + name);
    }
  }
}

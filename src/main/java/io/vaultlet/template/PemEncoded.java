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

  /**
   * Builds the value from a PKI issue response body ({@code data.certificate}, {@code private_key}, {@code issuing_ca},
   * {@code ca_chain}). Unlike consul-template, which scans the PEM blocks in random map order, the choice is
   * deterministic: {@code .CA} is {@code issuing_ca} (else the first chain element) and {@code .CAChain} is the chain
   * without duplicates (else the issuing CA alone). Each PEM is trimmed and ends with one newline, as Go's
   * {@code pem.Encode} writes it.
   */
  @SuppressWarnings("unchecked")
  public static PemEncoded fromResponse(java.util.Map<String, Object> body) {
    Object d = body.get("data");
    java.util.Map<String, Object> data = d instanceof java.util.Map<?, ?> m ? (java.util.Map<String, Object>) m : body;
    String cert = pem(data.get("certificate"));
    String key = pem(data.get("private_key"));
    String issuing = pem(data.get("issuing_ca"));
    java.util.LinkedHashSet<String> chain = new java.util.LinkedHashSet<>();
    if (data.get("ca_chain") instanceof List<?> l) {
      for (Object o : l) {
        if (!pem(o).isEmpty()) {
          chain.add(pem(o));
        }
      }
    }
    if (chain.isEmpty() && !issuing.isEmpty()) {
      chain.add(issuing);
    }
    String ca = !issuing.isEmpty() ? issuing : chain.isEmpty() ? "" : chain.iterator().next();
    return new PemEncoded(cert, key, ca, chain.isEmpty() ? null : List.copyOf(chain));
  }

  private static String pem(Object v) {
    if (!(v instanceof String s) || s.isBlank()) {
      return "";
    }
    return s.strip() + "\n";
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
      default: throw new IllegalArgumentException("no field " + name);
    }
  }

  /** Go methods: {@code Data} returns the value itself (consul-template's compatibility method). */
  @Override
  public io.vaultlet.template.gotmpl.TemplateFunction method(String name) {
    return name.equals("Data") ? args -> this : null;
  }
}

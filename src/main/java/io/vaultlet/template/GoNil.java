package io.vaultlet.template;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Go's nil map and nil slice inside structs: they read and print as empty ({@code map[]}, {@code []}, a missing key
 * gives the zero value, {@code if} is false) but {@code json.Marshal} writes them as {@code null}.
 */
final class GoNil {

  /** A nil {@code map[string]interface{}}. */
  static final Map<String, Object> MAP = new NilMap();

  /** A nil {@code []string}. */
  static final List<String> STRINGS = StringSlice.nil();

  private GoNil() {}

  /** The nil map typed for a {@code map[string]V} field. */
  @SuppressWarnings("unchecked")
  static <V> Map<String, V> map() {
    return (Map<String, V>) (Map<String, ?>) MAP;
  }

  static boolean isNil(Object v) {
    return v == MAP || v == STRINGS;
  }

  private static final class NilMap extends AbstractMap<String, Object> {
    @Override
    public Set<Entry<String, Object>> entrySet() {
      return Collections.emptySet();
    }
  }
}

package io.vaultlet.template;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable Go {@code []string}: a list whose Go type is known to be a string slice (what {@code split},
 * {@code secrets} and {@code .Warnings} return), so that type-sensitive functions ({@code spew_sdump},
 * {@code in}) can tell it from a {@code []interface{}}.
 */
public final class StringSlice extends AbstractList<String> implements RandomAccess {

  private final String[] items;

  private StringSlice(String[] items) {
    this.items = items;
  }

  private static final StringSlice NIL = new StringSlice(new String[0]);

  /** Go's nil {@code []string}: empty, but {@code null} in JSON. */
  static StringSlice nil() {
    return NIL;
  }

  public static StringSlice of(List<String> items) {
    return items instanceof StringSlice s ? s : new StringSlice(items.toArray(new String[0]));
  }

  @Override
  public String get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }
}

package io.vaultlet.template;

import io.vaultlet.template.gotmpl.GoStruct;
import io.vaultlet.template.gotmpl.TemplateFunction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Masterminds/semver/v3}'s {@code NewVersion} and {@code NewConstraint(…).Check} as Sprig's {@code semver}
 * and {@code semverCompare} use them: loose versions ({@code v1.2}), and constraints with {@code = != > < >= <= ~ ^},
 * wildcards ({@code 1.2.x}), hyphen ranges, {@code ,}/space for "and", {@code ||} for "or".
 */
record SemVer(BigInteger major, BigInteger minor, BigInteger patch, String pre, String metadata, String original)
    implements GoStruct {

  private static final String VERSION = "v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?"
      + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
  private static final Pattern VERSION_RE = Pattern.compile("^" + VERSION + "$");
  private static final String CV = "v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?"
      + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
  private static final String OPS = "=||!=|>|<|>=|=>|<=|=<|~|~>|\\^";
  private static final Pattern CONSTRAINT_RE = Pattern.compile("^\\s*(" + OPS + ")\\s*(" + CV + ")\\s*$");
  private static final Pattern RANGE_RE = Pattern.compile("\\s*(" + CV + ")\\s+-\\s+(" + CV + ")\\s*");
  private static final Pattern FIND_RE = Pattern.compile("(" + OPS + ")\\s*(" + CV + ")");
  private static final Pattern VALID_RE = Pattern.compile("^(\\s*(" + OPS + ")\\s*(" + CV + ")\\s*)((?:\\s+|,\\s*)("
      + OPS + ")\\s*(" + CV + ")\\s*)*$");

  static SemVer parse(String v) {
    Matcher m = VERSION_RE.matcher(v);
    if (!m.matches()) {
      throw new IllegalStateException("Invalid Semantic Version");
    }
    String pre = m.group(5) == null ? "" : m.group(5);
    String meta = m.group(8) == null ? "" : m.group(8);
    for (String p : pre.isEmpty() ? new String[0] : pre.split("\\.", -1)) {
      if (p.matches("[0-9]+") && p.length() > 1 && p.startsWith("0")) {
        throw new IllegalStateException("Version segment starts with 0");
      }
    }
    return new SemVer(segment(m.group(1)), segment(m.group(2)), segment(m.group(3)), pre, meta, v);
  }

  private static BigInteger segment(String s) {
    if (s == null) {
      return BigInteger.ZERO;
    }
    BigInteger n = new BigInteger(s.startsWith(".") ? s.substring(1) : s);
    if (n.bitLength() > 64) {
      throw new IllegalStateException("Error parsing version segment: strconv.ParseUint: parsing "
          + io.vaultlet.template.gotmpl.GoFormat.quote(s.replace(".", "")) + ": value out of range");
    }
    return n;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (pre.isEmpty() ? "" : "-" + pre) + (meta().isEmpty() ? "" : "+" + meta());
  }

  private String meta() {
    return metadata;
  }

  int compare(SemVer o) {
    int d = major.compareTo(o.major);
    if (d == 0) {
      d = minor.compareTo(o.minor);
    }
    if (d == 0) {
      d = patch.compareTo(o.patch);
    }
    if (d != 0) {
      return Integer.signum(d);
    }
    if (pre.isEmpty() && o.pre.isEmpty()) {
      return 0;
    }
    if (pre.isEmpty()) {
      return 1;
    }
    if (o.pre.isEmpty()) {
      return -1;
    }
    return comparePrerelease(pre, o.pre);
  }

  private static int comparePrerelease(String v, String o) {
    String[] s = v.split("\\.", -1);
    String[] t = o.split("\\.", -1);
    for (int i = 0; i < Math.max(s.length, t.length); i++) {
      int d = comparePart(i < s.length ? s[i] : "", i < t.length ? t[i] : "");
      if (d != 0) {
        return d;
      }
    }
    return 0;
  }

  private static int comparePart(String s, String o) {
    if (s.equals(o)) {
      return 0;
    }
    if (s.isEmpty()) {
      return -1;
    }
    if (o.isEmpty()) {
      return 1;
    }
    boolean sn = s.matches("[0-9]+");
    boolean on = o.matches("[0-9]+");
    if (!sn && !on) {
      return s.compareTo(o) > 0 ? 1 : -1;
    } else if (!on) {
      return -1;
    } else if (!sn) {
      return 1;
    }
    return new BigInteger(s).compareTo(new BigInteger(o)) > 0 ? 1 : -1;
  }

  @Override
  public String typeName() {
    return "*semver.Version";
  }

  @Override
  public boolean pointer() {
    return true;
  }

  @Override
  public TemplateFunction method(String name) {
    return switch (name) {
      case "String" -> a -> toString();
      case "Original" -> a -> original;
      case "Major" -> a -> major;
      case "Minor" -> a -> minor;
      case "Patch" -> a -> patch;
      case "Prerelease" -> a -> pre;
      case "Metadata" -> a -> metadata;
      default -> null;
    };
  }

  /** A parsed constraint: "or" groups of "and"ed constraints. */
  record Constraints(List<List<Constraint>> groups) {

    static Constraints parse(String c) {
      String rewritten = rewriteRange(c);
      List<List<Constraint>> groups = new ArrayList<>();
      for (String or : rewritten.split("\\|\\|", -1)) {
        if (!VALID_RE.matcher(or).matches()) {
          throw new IllegalStateException("improper constraint: " + or);
        }
        List<Constraint> and = new ArrayList<>();
        Matcher m = FIND_RE.matcher(or);
        while (m.find()) {
          and.add(Constraint.parse(m.group()));
        }
        if (and.isEmpty()) {
          and.add(Constraint.parse(or));
        }
        groups.add(and);
      }
      return new Constraints(groups);
    }

    private static String rewriteRange(String s) {
      Matcher m = RANGE_RE.matcher(s);
      String out = s;
      while (m.find()) {
        out = out.replace(m.group(), ">= " + m.group(1) + ", <= " + m.group(11));
      }
      return out;
    }

    boolean check(SemVer v) {
      for (List<Constraint> and : groups) {
        if (and.stream().allMatch(c -> c.check(v))) {
          return true;
        }
      }
      return false;
    }
  }

  record Constraint(SemVer con, String op, boolean dirty, boolean minorDirty, boolean patchDirty) {

    static Constraint parse(String c) {
      Matcher m = CONSTRAINT_RE.matcher(c);
      if (!m.matches()) {
        throw new IllegalStateException("improper constraint: " + c);
      }
      String ver = m.group(2);
      String g3 = m.group(3);
      String g4 = m.group(4) == null ? "" : m.group(4);
      String g5 = m.group(5) == null ? "" : m.group(5);
      String g6 = m.group(6) == null ? "" : "-" + m.group(7);
      boolean dirty = false;
      boolean minorDirty = false;
      boolean patchDirty = false;
      if (isX(g3)) {
        ver = "0.0.0" + g6;
        dirty = true;
      } else if (isX(trimDot(g4)) || g4.isEmpty()) {
        minorDirty = true;
        dirty = true;
        ver = g3 + ".0.0" + g6;
      } else if (isX(trimDot(g5)) || g5.isEmpty()) {
        dirty = true;
        patchDirty = true;
        ver = g3 + g4 + ".0" + g6;
      }
      SemVer con;
      try {
        con = SemVer.parse(ver);
      } catch (IllegalStateException e) {
        throw new IllegalStateException("constraint Parser Error");
      }
      return new Constraint(con, m.group(1), dirty, minorDirty, patchDirty);
    }

    private static String trimDot(String s) {
      return s.startsWith(".") ? s.substring(1) : s;
    }

    private static boolean isX(String s) {
      return s.equals("x") || s.equals("X") || s.equals("*");
    }

    boolean check(SemVer v) {
      if (!op.equals("!=") && !v.pre.isEmpty() && con.pre.isEmpty()) {
        return false;
      }
      return switch (op) {
        case "", "=" -> dirty ? tilde(v) : v.compare(con) == 0;
        case "!=" -> notEqual(v);
        case ">" -> greaterThan(v);
        case "<" -> v.compare(con) < 0;
        case ">=", "=>" -> v.compare(con) >= 0;
        case "<=", "=<" -> lessThanEqual(v);
        case "~", "~>" -> tilde(v);
        default -> caret(v);
      };
    }

    private boolean notEqual(SemVer v) {
      if (dirty) {
        if (!v.pre.isEmpty() && con.pre.isEmpty()) {
          return false;
        }
        if (!con.major.equals(v.major)) {
          return true;
        }
        if (!con.minor.equals(v.minor) && !minorDirty) {
          return true;
        } else if (minorDirty) {
          return false;
        } else if (!con.patch.equals(v.patch) && !patchDirty) {
          return true;
        } else if (patchDirty) {
          return (!v.pre.isEmpty() || !con.pre.isEmpty()) && comparePrerelease(v.pre, con.pre) != 0;
        }
      }
      return v.compare(con) != 0;
    }

    private boolean greaterThan(SemVer v) {
      if (!dirty) {
        return v.compare(con) == 1;
      }
      int d = v.major.compareTo(con.major);
      if (d != 0) {
        return d > 0;
      } else if (minorDirty) {
        return false;
      } else if (patchDirty) {
        return v.minor.compareTo(con.minor) > 0;
      }
      return v.compare(con) == 1;
    }

    private boolean lessThanEqual(SemVer v) {
      if (!dirty) {
        return v.compare(con) <= 0;
      }
      if (v.major.compareTo(con.major) > 0) {
        return false;
      }
      return !(v.major.equals(con.major) && v.minor.compareTo(con.minor) > 0 && !minorDirty);
    }

    private boolean tilde(SemVer v) {
      if (v.compare(con) < 0) {
        return false;
      }
      if (con.major.signum() == 0 && con.minor.signum() == 0 && con.patch.signum() == 0 && !minorDirty && !patchDirty) {
        return true;
      }
      if (!v.major.equals(con.major)) {
        return false;
      }
      return v.minor.equals(con.minor) || minorDirty;
    }

    private boolean caret(SemVer v) {
      if (v.compare(con) < 0) {
        return false;
      }
      if (con.major.signum() > 0 || minorDirty) {
        return v.major.equals(con.major);
      }
      if (v.major.signum() > 0) {
        return false;
      }
      if (con.minor.signum() > 0 || patchDirty) {
        return v.minor.equals(con.minor);
      }
      if (v.minor.signum() > 0) {
        return false;
      }
      return con.patch.equals(v.patch);
    }
  }
}

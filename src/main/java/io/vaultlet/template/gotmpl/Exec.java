package io.vaultlet.template.gotmpl;

import io.vaultlet.template.gotmpl.Builtins.Builtin;
import io.vaultlet.template.gotmpl.Builtins.BuiltinError;
import io.vaultlet.template.gotmpl.Node.ActionNode;
import io.vaultlet.template.gotmpl.Node.BoolNode;
import io.vaultlet.template.gotmpl.Node.ChainNode;
import io.vaultlet.template.gotmpl.Node.CommandNode;
import io.vaultlet.template.gotmpl.Node.FieldNode;
import io.vaultlet.template.gotmpl.Node.IdentifierNode;
import io.vaultlet.template.gotmpl.Node.IfNode;
import io.vaultlet.template.gotmpl.Node.ListNode;
import io.vaultlet.template.gotmpl.Node.NumberNode;
import io.vaultlet.template.gotmpl.Node.PipeNode;
import io.vaultlet.template.gotmpl.Node.RangeNode;
import io.vaultlet.template.gotmpl.Node.StringNode;
import io.vaultlet.template.gotmpl.Node.TemplateNode;
import io.vaultlet.template.gotmpl.Node.TextNode;
import io.vaultlet.template.gotmpl.Node.VariableNode;
import io.vaultlet.template.gotmpl.Node.WithNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One execution of a template (Go's {@code state}): walks the tree, writing into a buffer.
 *
 * <p>Values are data-model objects with two markers Go's reflection distinguishes: {@link #NO_VALUE} is Go's
 * invalid {@code reflect.Value} (a missing value; prints {@code <no value>}), while Java {@code null} is a nil
 * {@code interface{}} held in a map, a list or a variable (field access on it is an error). Each pipeline stage
 * "unwraps" null into NO_VALUE, as Go does.
 */
final class Exec {

  /** Go's invalid reflect.Value. */
  static final Object NO_VALUE = new Object() {
    @Override
    public String toString() {
      return "<no value>";
    }
  };

  /** Go's missingVal: no value flows in from a previous pipeline stage. */
  private static final Object MISSING = new Object();

  private static final int MAX_DEPTH = 100000;
  private static final int NORMAL = 0;
  private static final int BREAK = 1;
  private static final int CONTINUE = 2;

  /** An execution error, formatted as Go formats it. */
  static final class ExecError extends RuntimeException {
    ExecError(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, Parser.Tree> trees;
  private final Map<String, TemplateFunction> funcs;
  private final boolean missingKeyError;
  private final ExecOptions.MissingKey missingKey;
  private final ExecutionContext ctx;
  private final Taint taint;
  /** The largest buffer allocated up front from the previous output's length (a larger output still grows). */
  static final int MAX_HINT = 1 << 20;

  private final StringBuilder out;
  private final RenderBudget budget = RenderBudget.current();
  private Parser.Tree tree;
  private String execName;
  private Node node;
  private String[] varNames = new String[8];
  private Object[] varValues = new Object[8];
  /** Whether the variable holds a value taken out of a map or list (Go: still typed interface{}). */
  private boolean[] varWrapped = new boolean[8];
  /** Whether dot is a range element (Go: still typed interface{}); only error messages show the difference. */
  private boolean dotWrapped;
  private int varCount;
  private int varBase;
  private int depth;
  private TemplateNode lastTemplateNode;

  /** With the output buffer sized for {@code expectedLength} characters. */
  Exec(Map<String, Parser.Tree> trees, ExecOptions options, ExecutionContext ctx, int expectedLength) {
    this.out = new StringBuilder(Math.max(16, expectedLength));
    this.trees = trees;
    this.funcs = options.functions();
    this.missingKeyError = options.missingKeyError();
    this.missingKey = options.missingKey();
    this.ctx = ctx;
    this.taint = ctx.taint();
  }

  String run(String name, Parser.Tree t, Object data) {
    this.execName = name;
    this.tree = t;
    Object root = data == null ? NO_VALUE : data;
    push("$", root);
    if (t == null || t.root() == null) {
      throw errorf(GoText.quote(name) + " is an incomplete or empty template");
    }
    try {
      walk(root, t.root());
    } catch (StackOverflowError e) {
      // Go allows 100000 nested template calls; the JVM stack usually ends recursion first. Report it as Go would.
      node = lastTemplateNode;
      throw errorf("exceeded maximum template depth (" + MAX_DEPTH + ")");
    }
    return out.toString();
  }

  // ---- errors ----

  private ExecError errorf(String message) {
    if (node == null || tree == null) {
      return new ExecError("template: " + execName + ": " + message);
    }
    return new ExecError("template: " + location(node) + ": executing " + GoText.quote(execName) + " at <"
        + Nodes.format(node) + ">: " + message);
  }

  /** Go's ErrorContext location: {@code parseName:line:byteColumn} (the column counts from 0). */
  private String location(Node n) {
    String text = tree.text();
    int pos = Math.min(n.pos(), text.length());
    int lastNl = text.lastIndexOf('\n', pos - 1);
    int line = 1;
    for (int i = 0; i < pos; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    int col = GoText.utf8Length(text.subSequence(lastNl + 1, pos));
    return tree.parseName() + ":" + line + ":" + col;
  }

  // ---- variables ----

  private void push(String name, Object value) {
    if (varCount == varNames.length) {
      varNames = Arrays.copyOf(varNames, varCount * 2);
      varValues = Arrays.copyOf(varValues, varCount * 2);
      varWrapped = Arrays.copyOf(varWrapped, varCount * 2);
    }
    varNames[varCount] = name;
    varValues[varCount] = value;
    varWrapped[varCount] = false;
    varCount++;
  }

  private void pop(int mark) {
    for (int i = mark; i < varCount; i++) {
      varValues[i] = null;
    }
    varCount = mark;
  }

  private void setVar(String name, Object value) {
    int i = varIndex(name);
    varValues[i] = value;
    varWrapped[i] = false;
  }

  private int varIndex(String name) {
    for (int i = varCount - 1; i >= varBase; i--) {
      if (varNames[i].equals(name)) {
        return i;
      }
    }
    throw errorf("undefined variable: " + name);
  }

  // ---- walking ----

  private int walk(Object dot, Node n) {
    node = n;
    budget.step();
    switch (n.type()) {
      case ACTION -> {
        ActionNode a = (ActionNode) n;
        Object val = evalPipeline(dot, a.pipe());
        if (a.pipe().decl().isEmpty()) {
          printValue(n, val);
        }
      }
      case TEXT -> {
        String text = ((TextNode) n).text();
        budget.checkSize((long) out.length() + text.length()); // before the buffer grows past the limit
        out.append(text);
      }
      case LIST -> {
        List<Node> nodes = ((ListNode) n).nodes();
        for (int i = 0, size = nodes.size(); i < size; i++) {
          int r = walk(dot, nodes.get(i));
          if (r != NORMAL) {
            return r;
          }
        }
      }
      case IF -> {
        IfNode f = (IfNode) n;
        return walkIfOrWith(false, dot, f.pipe(), f.list(), f.elseList());
      }
      case WITH -> {
        WithNode w = (WithNode) n;
        return walkIfOrWith(true, dot, w.pipe(), w.list(), w.elseList());
      }
      case RANGE -> {
        return walkRange(dot, (RangeNode) n);
      }
      case TEMPLATE -> walkTemplate(dot, (TemplateNode) n);
      case BREAK -> {
        return BREAK;
      }
      case CONTINUE -> {
        return CONTINUE;
      }
      case COMMENT -> {
      }
      default -> throw errorf("unknown node: " + Nodes.format(n));
    }
    return NORMAL;
  }

  private int walkIfOrWith(boolean with, Object dot, PipeNode pipe, ListNode list, ListNode elseList) {
    int mark = varCount;
    Object val = evalPipeline(dot, pipe);
    int r = NORMAL;
    if (Builtins.isTrue(val)) {
      if (with) {
        boolean savedWrapped = dotWrapped;
        dotWrapped = false;
        r = walk(val, list);
        dotWrapped = savedWrapped;
      } else {
        r = walk(dot, list);
      }
    } else if (elseList != null) {
      r = walk(dot, elseList);
    }
    pop(mark);
    return r;
  }

  private int walkRange(Object dot, RangeNode r) {
    node = r;
    int mark = varCount;
    Object val = evalPipeline(dot, r.pipe());
    int innerMark = varCount;
    int decls = r.pipe().decl().size();
    boolean iterated = false;
    if (val instanceof List<?> list) {
      for (int i = 0, size = list.size(); i < size; i++) {
        iterated = true;
        if (oneIteration(r, decls, innerMark, (long) i, list.get(i)) == BREAK) {
          break;
        }
      }
    } else if (val instanceof Map<?, ?> map) {
      if (!map.isEmpty()) {
        iterated = true;
        List<Object> keys = new ArrayList<>(map.keySet());
        keys.sort(Exec::compareKeys);
        for (Object key : keys) {
          if (oneIteration(r, decls, innerMark, key, map.get(key)) == BREAK) {
            break;
          }
        }
      }
    } else if (val != NO_VALUE && val != null) {
      throw errorf(taint.scrub("range can't iterate over " + GoFormat.formatValue(GoTypes.indirect(val)),
          List.of(val)));
    }
    if (!iterated && r.elseList() != null) {
      walk(dot, r.elseList());
    }
    pop(mark);
    return NORMAL;
  }

  private int oneIteration(RangeNode r, int decls, int innerMark, Object index, Object elem) {
    if (decls > 0) {
      varValues[innerMark - 1] = elem;
      varWrapped[innerMark - 1] = true;
    }
    if (decls > 1) {
      varValues[innerMark - 2] = index;
    }
    boolean savedWrapped = dotWrapped;
    dotWrapped = true;
    int result = walk(elem, r.list());
    dotWrapped = savedWrapped;
    pop(innerMark);
    return result;
  }

  @SuppressWarnings("unchecked")
  private static int compareKeys(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return GoText.compare(x, y);
    }
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Comparable && a.getClass() == b.getClass()) {
      return ((Comparable<Object>) a).compareTo(b);
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  private void walkTemplate(Object dot, TemplateNode t) {
    node = t;
    lastTemplateNode = t;
    Parser.Tree target = trees.get(t.name());
    if (target == null) {
      throw errorf("template " + GoText.quote(t.name()) + " not defined");
    }
    if (depth == MAX_DEPTH) {
      throw errorf("exceeded maximum template depth (" + MAX_DEPTH + ")");
    }
    Object newDot = evalPipeline(dot, t.pipe());
    Parser.Tree savedTree = tree;
    String savedName = execName;
    int savedBase = varBase;
    int savedCount = varCount;
    tree = target;
    execName = t.name();
    varBase = varCount;
    push("$", newDot);
    depth++;
    boolean savedWrapped = dotWrapped;
    dotWrapped = false;
    walk(newDot, target.root());
    dotWrapped = savedWrapped;
    depth--;
    pop(savedCount);
    varBase = savedBase;
    tree = savedTree;
    execName = savedName;
  }

  private void printValue(Node n, Object v) {
    node = n;
    if (v instanceof String s) {
      budget.checkSize((long) out.length() + s.length());
      out.append(s);
    } else if (v == NO_VALUE) {
      out.append("<no value>");
    } else if (v instanceof Long l) {
      out.append(l.longValue());
    } else if (v instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (v instanceof TemplateFunction) {
      throw errorf("can't print " + Nodes.format(n) + " of type " + GoTypes.typeName(v));
    } else if (v instanceof GoStruct) {
      out.append(GoFormat.formatValue(GoTypes.indirect(v)));
    } else {
      out.append(GoFormat.formatValue(v));
    }
    budget.checkSize(out.length());
  }

  // ---- evaluation ----

  private Object evalPipeline(Object dot, PipeNode pipe) {
    if (pipe == null) {
      return NO_VALUE;
    }
    node = pipe;
    Object value = MISSING;
    List<CommandNode> cmds = pipe.cmds();
    for (int i = 0, size = cmds.size(); i < size; i++) {
      value = evalCommand(dot, cmds.get(i), value);
      if (value == null) {
        value = NO_VALUE;
      }
    }
    List<VariableNode> decl = pipe.decl();
    for (int i = 0, size = decl.size(); i < size; i++) {
      String name = decl.get(i).ident().get(0);
      if (pipe.isAssign()) {
        setVar(name, value);
      } else {
        push(name, value);
      }
    }
    return value;
  }

  private void notAFunction(List<Node> args, Object fin) {
    if ((args != null && args.size() > 1) || fin != MISSING) {
      throw errorf("can't give argument to non-function " + Nodes.format(args.get(0)));
    }
  }

  private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
    List<Node> args = cmd.args();
    Node first = args.get(0);
    switch (first.type()) {
      case FIELD:
        return evalFieldNode(dot, (FieldNode) first, args, fin);
      case CHAIN:
        return evalChainNode(dot, (ChainNode) first, args, fin);
      case IDENTIFIER:
        return evalFunction(dot, (IdentifierNode) first, cmd, args, fin);
      case PIPE:
        notAFunction(args, fin);
        return evalPipeline(dot, (PipeNode) first);
      case VARIABLE:
        return evalVariableNode(dot, (VariableNode) first, args, fin);
      default:
        break;
    }
    node = first;
    notAFunction(args, fin);
    switch (first.type()) {
      case BOOL:
        return ((BoolNode) first).value();
      case DOT:
        return dot;
      case NIL:
        throw errorf("nil is not a command");
      case NUMBER:
        return idealConstant((NumberNode) first);
      case STRING:
        return ((StringNode) first).text();
      default:
        throw errorf("can't evaluate command " + GoText.quote(Nodes.format(first)));
    }
  }

  private Object idealConstant(NumberNode n) {
    node = n;
    if (n.error() != null) {
      throw errorf(n.error());
    }
    return n.constant();
  }

  private Object evalFieldNode(Object dot, FieldNode field, List<Node> args, Object fin) {
    node = field;
    return evalFieldChain(dot, dot, field, field.ident(), 0, args, fin, dotWrapped);
  }

  private Object evalChainNode(Object dot, ChainNode chain, List<Node> args, Object fin) {
    node = chain;
    if (chain.node().type() == Node.Type.NIL) {
      throw errorf("indirection through explicit nil in " + Nodes.format(chain));
    }
    Object pipe = evalUntypedArg(dot, chain.node());
    return evalFieldChain(dot, pipe, chain, chain.fields(), 0, args, fin, false);
  }

  private Object evalVariableNode(Object dot, VariableNode v, List<Node> args, Object fin) {
    node = v;
    int index = varIndex(v.ident().get(0));
    Object value = varValues[index];
    if (v.ident().size() == 1) {
      notAFunction(args, fin);
      return value;
    }
    return evalFieldChain(dot, value, v, v.ident(), 1, args, fin, varWrapped[index]);
  }

  /** Walks {@code ident[from..]} from {@code receiver}; only the last field sees the arguments. */
  private Object evalFieldChain(Object dot, Object receiver, Node n, List<String> ident, int from, List<Node> args,
      Object fin, boolean receiverWrapped) {
    int last = ident.size() - 1;
    boolean wrapped = receiverWrapped;
    for (int i = from; i < last; i++) {
      boolean fromMap = receiver instanceof Map;
      receiver = evalField(dot, ident.get(i), n, null, MISSING, receiver, wrapped);
      wrapped = fromMap;
    }
    return evalField(dot, ident.get(last), n, args, fin, receiver, wrapped);
  }

  private Object evalField(Object dot, String fieldName, Node n, List<Node> args, Object fin, Object receiver,
      boolean wrapped) {
    if (receiver == NO_VALUE) {
      if (missingKeyError) {
        throw errorf("nil data; no entry for key " + GoText.quote(fieldName));
      }
      return NO_VALUE;
    }
    if (receiver == null) {
      throw errorf("nil pointer evaluating interface {}." + fieldName);
    }
    if (receiver instanceof GoStruct s) {
      TemplateFunction method = s.method(fieldName);
      if (method != null) {
        return callMethod(dot, s, method, fieldName, n, args, fin);
      }
    }
    boolean hasArgs = (args != null && args.size() > 1) || fin != MISSING;
    if (receiver instanceof Map<?, ?> map) {
      if (hasArgs) {
        throw errorf(fieldName + " is not a method but has arguments");
      }
      Object result = map.get(fieldName);
      if (result == null && !map.containsKey(fieldName)) {
        switch (missingKey) {
          case ERROR -> throw errorf("map has no entry for key " + GoText.quote(fieldName));
          case DEFAULT -> {
            return NO_VALUE;
          }
          default -> {
            return null;
          }
        }
      }
      return result;
    }
    if (receiver instanceof GoStruct s && s.fieldNames().contains(fieldName)) {
      if (hasArgs) {
        throw errorf(fieldName + " has arguments but cannot be invoked as function");
      }
      return s.field(fieldName);
    }
    throw errorf("can't evaluate field " + fieldName + " in type "
        + (wrapped ? "interface {}" : GoTypes.typeName(receiver)));
  }

  // ---- functions ----

  private Object evalFunction(Object dot, IdentifierNode id, Node cmd, List<Node> args, Object fin) {
    node = id;
    String name = id.ident();
    TemplateFunction fn = funcs.get(name);
    if (fn != null) {
      return callUser(dot, fn, id, cmd, args, fin);
    }
    Builtin b = Builtins.get(name);
    if (b == null) {
      throw errorf(GoText.quote(name) + " is not a defined function");
    }
    return callBuiltin(dot, b, name, cmd, args, fin);
  }

  private Object callUser(Object dot, TemplateFunction fn, IdentifierNode id, Node cmd, List<Node> args, Object fin) {
    return invoke(dot, fn, null, id, id.ident(), cmd, userArgs(dot, args, fin));
  }

  /** A GoStruct method: Go checks its arity where evaluation stands (the receiver), and reports failures at n. */
  private Object callMethod(Object dot, Object receiver, TemplateFunction method, String name, Node n,
      List<Node> args, Object fin) {
    Node receiverNode = node;
    return invoke(dot, method, receiver, receiverNode, name, n, userArgs(dot, args, fin));
  }

  private List<Object> userArgs(Object dot, List<Node> args, Object fin) {
    int argc = args == null ? 0 : args.size() - 1;
    List<Object> argv = new ArrayList<>(argc + 1);
    for (int i = 1; i <= argc; i++) {
      argv.add(anyArg(evalArg(dot, args.get(i), false)));
    }
    if (fin != MISSING) {
      argv.add(anyArg(fin));
    }
    return argv;
  }

  /**
   * Calls a function (or a method of {@code receiver}). Its result is tainted when it saw a tainted value; a failure
   * message never quotes a tainted argument or receiver.
   */
  private Object invoke(Object dot, TemplateFunction fn, Object receiver, Node id, String name, Node cmd,
      List<Object> argv) {
    Object savedDot = ctx.dot;
    ctx.dot = dot;
    try {
      Object result = GoTypes.normalize(fn.invoke(Collections.unmodifiableList(argv)));
      taint.afterCall(name, receiver, argv, result);
      return result;
    } catch (TemplateFunction.ArgumentException e) {
      node = id;
      throw errorf(scrubbed(String.valueOf(e.getMessage()), receiver, argv));
    } catch (ExecError | RenderBudget.Exceeded e) {
      throw e;
    } catch (Exception e) {
      node = cmd;
      throw errorf("error calling " + name + ": " + scrubbed(messageOf(e), receiver, argv));
    } finally {
      ctx.dot = savedDot;
    }
  }

  private String scrubbed(String message, Object receiver, List<Object> argv) {
    if (receiver == null) {
      return taint.scrub(message, argv);
    }
    List<Object> all = new ArrayList<>(argv);
    all.add(receiver);
    return taint.scrub(message, all);
  }

  static String messageOf(Throwable e) {
    if (e instanceof TemplateException te) {
      return te.getMessage();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /** A value passed to an {@code interface{}} parameter: a missing value becomes nil. */
  private static Object anyArg(Object v) {
    return v == NO_VALUE ? null : v;
  }

  /**
   * Go's evalArg for an {@code interface{}} or {@code reflect.Value} parameter ({@code asValue}): the argument's
   * value, with {@code nil} as null (interface) or the invalid value (reflect.Value).
   */
  private Object evalArg(Object dot, Node n, boolean asValue) {
    node = n;
    switch (n.type()) {
      case DOT:
        return dot;
      case NIL:
        return asValue ? NO_VALUE : null;
      case FIELD:
        return evalFieldNode(dot, (FieldNode) n, List.of(n), MISSING);
      case VARIABLE:
        return evalVariableNode(dot, (VariableNode) n, null, MISSING);
      case PIPE:
        return evalPipeline(dot, (PipeNode) n);
      case IDENTIFIER:
        return evalFunction(dot, (IdentifierNode) n, n, null, MISSING);
      case CHAIN:
        return evalChainNode(dot, (ChainNode) n, null, MISSING);
      case BOOL:
        return ((BoolNode) n).value();
      case NUMBER:
        return idealConstant((NumberNode) n);
      case STRING:
        return ((StringNode) n).text();
      default:
        throw errorf("can't handle assignment of " + Nodes.format(n) + " to empty interface argument");
    }
  }

  /** Go's evalArg with no type (the receiver of a chain). */
  private Object evalUntypedArg(Object dot, Node n) {
    return evalArg(dot, n, true);
  }

  /** Go's evalArg for a {@code string} parameter (printf's format). */
  private String evalStringArg(Object dot, Node n) {
    node = n;
    switch (n.type()) {
      case STRING:
        return ((StringNode) n).text();
      case NIL:
        throw errorf("cannot assign nil to string");
      case BOOL, NUMBER:
        throw errorf("expected string; found " + Nodes.format(n));
      default:
        return validateString(evalArg(dot, n, true));
    }
  }

  private String validateString(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v == NO_VALUE) {
      throw errorf("invalid value; expected string");
    }
    throw errorf("wrong type for value; expected string; got " + GoTypes.typeName(v));
  }

  private Object callBuiltin(Object dot, Builtin b, String name, Node cmd, List<Node> args, Object fin) {
    int argc = args == null ? 0 : args.size() - 1;
    int numIn = argc + (fin != MISSING ? 1 : 0);
    if (b.variadic) {
      if (numIn < b.fixed) {
        throw errorf("wrong number of args for " + name + ": want at least " + b.fixed + " got " + argc);
      }
    } else if (numIn != b.fixed) {
      throw errorf("wrong number of args for " + name + ": want " + b.fixed + " got " + numIn);
    }
    if (b == Builtin.AND || b == Builtin.OR) {
      boolean isOr = b == Builtin.OR;
      Object v = NO_VALUE;
      for (int i = 1; i <= argc; i++) {
        v = evalArg(dot, args.get(i), true);
        if (Builtins.isTrue(v) == isOr) {
          return v;
        }
      }
      if (fin != MISSING) {
        v = fin;
      }
      return v;
    }
    List<Object> argv = new ArrayList<>(numIn);
    int i = 1;
    String format = null;
    if (b == Builtin.PRINTF) {
      if (argc >= 1) {
        format = evalStringArg(dot, args.get(1));
        i = 2;
      } else {
        format = validateString(fin);
      }
    }
    boolean asValue = isReflectValueBuiltin(b);
    for (; i <= argc; i++) {
      Object v = evalArg(dot, args.get(i), asValue);
      argv.add(asValue ? v : anyArg(v));
    }
    if (fin != MISSING && !(b == Builtin.PRINTF && argc == 0)) {
      argv.add(asValue ? fin : anyArg(fin));
    }
    try {
      Object result = Builtins.apply(b, format, argv, ctx, dot);
      taint.afterCall(name, format, argv, result);
      return result;
    } catch (BuiltinError e) {
      node = cmd;
      throw errorf("error calling " + name + ": " + scrubbed(e.getMessage(), format, argv));
    }
  }

  private static boolean isReflectValueBuiltin(Builtin b) {
    return switch (b) {
      case PRINT, PRINTF, PRINTLN, HTML, JS, URLQUERY -> false;
      default -> true;
    };
  }
}

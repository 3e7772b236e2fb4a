package io.vaultlet.template.gotmpl;

import io.vaultlet.template.gotmpl.Lexer.Item;
import io.vaultlet.template.gotmpl.Lexer.Kind;
import io.vaultlet.template.gotmpl.Node.ActionNode;
import io.vaultlet.template.gotmpl.Node.BoolNode;
import io.vaultlet.template.gotmpl.Node.BreakNode;
import io.vaultlet.template.gotmpl.Node.ChainNode;
import io.vaultlet.template.gotmpl.Node.CommandNode;
import io.vaultlet.template.gotmpl.Node.ContinueNode;
import io.vaultlet.template.gotmpl.Node.DotNode;
import io.vaultlet.template.gotmpl.Node.ElseNode;
import io.vaultlet.template.gotmpl.Node.EndNode;
import io.vaultlet.template.gotmpl.Node.FieldNode;
import io.vaultlet.template.gotmpl.Node.IdentifierNode;
import io.vaultlet.template.gotmpl.Node.IfNode;
import io.vaultlet.template.gotmpl.Node.ListNode;
import io.vaultlet.template.gotmpl.Node.NilNode;
import io.vaultlet.template.gotmpl.Node.PipeNode;
import io.vaultlet.template.gotmpl.Node.RangeNode;
import io.vaultlet.template.gotmpl.Node.StringNode;
import io.vaultlet.template.gotmpl.Node.TemplateNode;
import io.vaultlet.template.gotmpl.Node.TextNode;
import io.vaultlet.template.gotmpl.Node.VariableNode;
import io.vaultlet.template.gotmpl.Node.WithNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Go's recursive-descent template parser. One instance parses one tree (the top-level text, or one
 * {@code define}/{@code block} body) and shares the lexer and the tree set with the others, as Go does; its
 * three-token look-ahead buffer decides which line a parse error names, so it follows Go's exactly.
 */
final class Parser {

  /**
   * How deep parentheses and control bodies ({@code if}, {@code range}, {@code with}, {@code block}, and each link of
   * an {@code else if} chain) may nest. Go caps parentheses at 10000 and leaves control nesting to its growable
   * stacks; a JVM thread's stack is fixed (512 KiB in the container launcher), so vaultlet caps both, far above what
   * a real template nests, with Go's message.
   */
  static final int MAX_DEPTH = 200;

  /** A parsed template body: {@code parseName} is the name of the top-level template whose text holds it. */
  record Tree(String name, String parseName, String text, ListNode root) {}

  /** A parse error, fully formatted as Go formats it. */
  static final class ParseError extends RuntimeException {
    /** The name of the function that is not defined, when that is the error; else null. */
    final String undefinedFunction;

    ParseError(String message) {
      this(message, null);
    }

    ParseError(String message, String undefinedFunction) {
      super(message, null, false, false);
      this.undefinedFunction = undefinedFunction;
    }
  }

  private final Lexer lexer;
  private final String parseName;
  private final String text;
  private final Predicate<String> hasFunction;
  private final Map<String, Tree> treeSet;
  private final Item[] token = new Item[3];
  private int peekCount;
  private final List<String> vars = new ArrayList<>();
  private int rangeDepth;
  private int actionLine;
  private String name;

  private Parser(String name, String parseName, String text, Lexer lexer, Predicate<String> hasFunction,
      Map<String, Tree> treeSet) {
    this.name = name;
    this.parseName = parseName;
    this.text = text;
    this.lexer = lexer;
    this.hasFunction = hasFunction;
    this.treeSet = treeSet;
    this.vars.add("$");
  }

  /** Parses {@code text} into {@code treeSet} (the top-level tree under {@code name} plus every definition). */
  static void parse(String name, String text, String leftDelim, String rightDelim, Predicate<String> hasFunction,
      Map<String, Tree> treeSet) {
    Lexer lexer = new Lexer(text, leftDelim, rightDelim, !hasFunction.test("break"), !hasFunction.test("continue"));
    Parser p = new Parser(name, name, text, lexer, hasFunction, treeSet);
    ListNode root = p.parseTop();
    p.add(root);
  }

  // ---- token buffer ----

  private Item next() {
    if (peekCount > 0) {
      peekCount--;
    } else {
      token[0] = lexer.nextItem();
    }
    return token[peekCount];
  }

  private void backup() {
    peekCount++;
  }

  private void backup2(Item t1) {
    token[1] = t1;
    peekCount = 2;
  }

  private void backup3(Item t2, Item t1) {
    token[1] = t1;
    token[2] = t2;
    peekCount = 3;
  }

  private Item peek() {
    if (peekCount > 0) {
      return token[peekCount - 1];
    }
    peekCount = 1;
    token[0] = lexer.nextItem();
    return token[0];
  }

  private Item nextNonSpace() {
    Item t;
    do {
      t = next();
    } while (t.kind() == Kind.SPACE);
    return t;
  }

  private Item peekNonSpace() {
    Item t = nextNonSpace();
    backup();
    return t;
  }

  // ---- errors ----

  private ParseError errorf(String message) {
    int line = token[0] == null ? 0 : token[0].line();
    return new ParseError("template: " + parseName + ":" + line + ": " + message);
  }

  private Item expect(Kind expected, String context) {
    Item t = nextNonSpace();
    if (t.kind() != expected) {
      throw unexpected(t, context);
    }
    return t;
  }

  private Item expectOneOf(Kind k1, Kind k2, String context) {
    Item t = nextNonSpace();
    if (t.kind() != k1 && t.kind() != k2) {
      throw unexpected(t, context);
    }
    return t;
  }

  private ParseError unexpected(Item t, String context) {
    if (t.kind() == Kind.ERROR) {
      String extra = "";
      if (actionLine != 0 && actionLine != t.line()) {
        extra = " in action started at " + parseName + ":" + actionLine;
        if (t.val().endsWith(" action")) {
          extra = extra.substring(" in action".length());
        }
      }
      return errorf(t + extra);
    }
    return errorf("unexpected " + t + " in " + context);
  }

  // ---- structure ----

  private void add(ListNode root) {
    Tree existing = treeSet.get(name);
    if (existing == null || Nodes.isEmptyTree(existing.root())) {
      treeSet.put(name, new Tree(name, parseName, text, root));
      return;
    }
    if (!Nodes.isEmptyTree(root)) {
      throw errorf("template: multiple definition of template " + GoText.quote(name));
    }
  }

  private Parser nested(String treeName) {
    return new Parser(treeName, parseName, text, lexer, hasFunction, treeSet);
  }

  private ListNode parseTop() {
    int pos = peek().pos();
    List<Node> nodes = new ArrayList<>();
    while (peek().kind() != Kind.EOF) {
      if (peek().kind() == Kind.LEFT_DELIM) {
        Item delim = next();
        if (nextNonSpace().kind() == Kind.DEFINE) {
          nested("definition").parseDefinition();
          continue;
        }
        backup2(delim);
      }
      Node n = textOrAction();
      if (n.type() == Node.Type.END || n.type() == Node.Type.ELSE) {
        throw errorf("unexpected " + Nodes.format(n));
      }
      nodes.add(n);
    }
    return new ListNode(pos, List.copyOf(nodes));
  }

  private void parseDefinition() {
    String context = "define clause";
    Item nameItem = expectOneOf(Kind.STRING, Kind.RAW_STRING, context);
    name = unquote(nameItem.val());
    expect(Kind.RIGHT_DELIM, context);
    Node[] end = new Node[1];
    ListNode root = itemList(end);
    if (end[0].type() != Node.Type.END) {
      throw errorf("unexpected " + Nodes.format(end[0]) + " in " + context);
    }
    add(root);
  }

  private String unquote(String literal) {
    try {
      return GoText.unquote(literal);
    } catch (GoText.SyntaxException e) {
      throw errorf(e.getMessage());
    }
  }

  /** textOrAction* up to {{end}} or {{else}}, which is returned in {@code end[0]}. */
  private ListNode itemList(Node[] end) {
    int pos = peekNonSpace().pos();
    List<Node> nodes = new ArrayList<>();
    while (peekNonSpace().kind() != Kind.EOF) {
      Node n = textOrAction();
      if (n.type() == Node.Type.END || n.type() == Node.Type.ELSE) {
        end[0] = n;
        return new ListNode(pos, List.copyOf(nodes));
      }
      nodes.add(n);
    }
    throw errorf("unexpected EOF");
  }

  private Node textOrAction() {
    Item t = nextNonSpace();
    switch (t.kind()) {
      case TEXT:
        return new TextNode(t.pos(), t.val());
      case LEFT_DELIM:
        actionLine = t.line();
        try {
          return action();
        } finally {
          actionLine = 0;
        }
      default:
        throw unexpected(t, "input");
    }
  }

  private Node action() {
    Item t = nextNonSpace();
    switch (t.kind()) {
      case BLOCK:
        return blockControl();
      case BREAK:
        return breakControl(t);
      case CONTINUE:
        return continueControl(t);
      case ELSE:
        return elseControl();
      case END:
        return new EndNode(expect(Kind.RIGHT_DELIM, "end").pos());
      case IF:
        return ifControl();
      case RANGE:
        return branch(Node.Type.RANGE);
      case TEMPLATE:
        return templateControl();
      case WITH:
        return branch(Node.Type.WITH);
      default:
        break;
    }
    backup();
    Item first = peek();
    return new ActionNode(first.pos(), first.line(), pipeline("command", Kind.RIGHT_DELIM));
  }

  private Node breakControl(Item keyword) {
    Item t = nextNonSpace();
    if (t.kind() != Kind.RIGHT_DELIM) {
      throw unexpected(t, "{{break}}");
    }
    if (rangeDepth == 0) {
      throw errorf("{{break}} outside {{range}}");
    }
    return new BreakNode(keyword.pos(), keyword.line());
  }

  private Node continueControl(Item keyword) {
    Item t = nextNonSpace();
    if (t.kind() != Kind.RIGHT_DELIM) {
      throw unexpected(t, "{{continue}}");
    }
    if (rangeDepth == 0) {
      throw errorf("{{continue}} outside {{range}}");
    }
    return new ContinueNode(keyword.pos(), keyword.line());
  }

  private Node elseControl() {
    Item peek = peekNonSpace();
    if (peek.kind() == Kind.IF || peek.kind() == Kind.WITH) {
      // "{{else if ...": treated as {{else}}{{if ...; "{{else with" likewise (Go 1.23).
      return new ElseNode(peek.pos(), peek.line());
    }
    Item t = expect(Kind.RIGHT_DELIM, "else");
    return new ElseNode(t.pos(), t.line());
  }

  private Node ifControl() {
    return branch(Node.Type.IF);
  }

  /** Go's parseControl for if, range and with. */
  private Node branch(Node.Type kind) {
    String context = kind == Node.Type.IF ? "if" : kind == Node.Type.RANGE ? "range" : "with";
    int mark = vars.size();
    deeper();
    try {
      PipeNode pipe = pipeline(context, Kind.RIGHT_DELIM);
      if (kind == Node.Type.RANGE) {
        rangeDepth++;
      }
      Node[] next = new Node[1];
      ListNode list = itemList(next);
      if (kind == Node.Type.RANGE) {
        rangeDepth--;
      }
      ListNode elseList = null;
      if (next[0].type() == Node.Type.ELSE) {
        Kind chained = kind == Node.Type.IF ? Kind.IF : kind == Node.Type.WITH ? Kind.WITH : null;
        if (chained != null && peek().kind() == chained) {
          next();
          elseList = new ListNode(next[0].pos(), List.of(branch(kind)));
        } else {
          elseList = itemList(next);
          if (next[0].type() != Node.Type.END) {
            throw errorf("expected end; found " + Nodes.format(next[0]));
          }
        }
      }
      return switch (kind) {
        case IF -> new IfNode(pipe.pos(), pipe.line(), pipe, list, elseList);
        case RANGE -> new RangeNode(pipe.pos(), pipe.line(), pipe, list, elseList);
        default -> new WithNode(pipe.pos(), pipe.line(), pipe, list, elseList);
      };
    } finally {
      popVars(mark);
      lexer.parseDepth--;
    }
  }

  /** One level deeper; Go's {@code max expression depth exceeded} past {@link #MAX_DEPTH}. */
  private void deeper() {
    if (lexer.parseDepth >= MAX_DEPTH) {
      throw errorf("max expression depth exceeded");
    }
    lexer.parseDepth++;
  }

  private void popVars(int n) {
    while (vars.size() > n) {
      vars.remove(vars.size() - 1);
    }
  }

  private Node blockControl() {
    String context = "block clause";
    Item t = nextNonSpace();
    String blockName = templateName(t, context);
    PipeNode pipe = pipeline(context, Kind.RIGHT_DELIM);
    Parser block = nested(blockName);
    Node[] end = new Node[1];
    deeper();
    ListNode root;
    try {
      root = block.itemList(end);
    } finally {
      lexer.parseDepth--;
    }
    if (end[0].type() != Node.Type.END) {
      throw errorf("unexpected " + Nodes.format(end[0]) + " in " + context);
    }
    block.add(root);
    return new TemplateNode(t.pos(), t.line(), blockName, pipe);
  }

  private Node templateControl() {
    String context = "template clause";
    Item t = nextNonSpace();
    String templateName = templateName(t, context);
    PipeNode pipe = null;
    if (nextNonSpace().kind() != Kind.RIGHT_DELIM) {
      backup();
      pipe = pipeline(context, Kind.RIGHT_DELIM);
    }
    return new TemplateNode(t.pos(), t.line(), templateName, pipe);
  }

  private String templateName(Item t, String context) {
    if (t.kind() == Kind.STRING || t.kind() == Kind.RAW_STRING) {
      return unquote(t.val());
    }
    throw unexpected(t, context);
  }

  // ---- pipelines ----

  private PipeNode pipeline(String context, Kind end) {
    Item first = peekNonSpace();
    List<VariableNode> decl = new ArrayList<>(1);
    boolean isAssign = false;
    List<CommandNode> cmds = new ArrayList<>(2);
    decls:
    while (true) {
      Item v = peekNonSpace();
      if (v.kind() != Kind.VARIABLE) {
        break;
      }
      next();
      Item tokenAfterVariable = peek();
      Item n = peekNonSpace();
      if (n.kind() == Kind.ASSIGN || n.kind() == Kind.DECLARE) {
        isAssign = n.kind() == Kind.ASSIGN;
        nextNonSpace();
        decl.add(newVariable(v.pos(), v.val()));
        vars.add(v.val());
        break;
      } else if (n.kind() == Kind.CHAR && n.val().equals(",")) {
        nextNonSpace();
        decl.add(newVariable(v.pos(), v.val()));
        vars.add(v.val());
        if (context.equals("range") && decl.size() < 2) {
          Kind k = peekNonSpace().kind();
          if (k == Kind.VARIABLE || k == Kind.RIGHT_DELIM || k == Kind.RIGHT_PAREN) {
            continue decls;
          }
          throw errorf("range can only initialize variables");
        }
        throw errorf("too many declarations in " + context);
      } else if (tokenAfterVariable.kind() == Kind.SPACE) {
        backup3(v, tokenAfterVariable);
      } else {
        backup2(v);
      }
      break;
    }
    while (true) {
      Item t = nextNonSpace();
      if (t.kind() == end) {
        checkPipeline(cmds, context);
        return new PipeNode(first.pos(), first.line(), isAssign, List.copyOf(decl), List.copyOf(cmds));
      }
      switch (t.kind()) {
        case BOOL, CHAR_CONSTANT, COMPLEX, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE,
            LEFT_PAREN -> {
          backup();
          cmds.add(command());
        }
        default -> throw unexpected(t, context);
      }
    }
  }

  private void checkPipeline(List<CommandNode> cmds, String context) {
    if (cmds.isEmpty()) {
      throw errorf("missing value for " + context);
    }
    for (int i = 1; i < cmds.size(); i++) {
      switch (cmds.get(i).args().get(0).type()) {
        case BOOL, DOT, NIL, NUMBER, STRING -> throw errorf("non executable command in pipeline stage " + (i + 1));
        default -> {
        }
      }
    }
  }

  private CommandNode command() {
    int pos = peekNonSpace().pos();
    List<Node> args = new ArrayList<>(3);
    while (true) {
      peekNonSpace();
      Node operand = operand();
      if (operand != null) {
        args.add(operand);
      }
      Item t = next();
      if (t.kind() == Kind.SPACE) {
        continue;
      }
      if (t.kind() == Kind.RIGHT_DELIM || t.kind() == Kind.RIGHT_PAREN) {
        backup();
      } else if (t.kind() != Kind.PIPE) {
        throw unexpected(t, "operand");
      }
      break;
    }
    if (args.isEmpty()) {
      throw errorf("empty command");
    }
    return new CommandNode(pos, List.copyOf(args));
  }

  private Node operand() {
    Node node = term();
    if (node == null) {
      return null;
    }
    if (peek().kind() == Kind.FIELD) {
      int chainPos = peek().pos();
      List<String> fields = new ArrayList<>();
      while (peek().kind() == Kind.FIELD) {
        fields.add(next().val().substring(1));
      }
      switch (node.type()) {
        case FIELD -> {
          List<String> ident = new ArrayList<>(((FieldNode) node).ident());
          ident.addAll(fields);
          node = new FieldNode(chainPos, List.copyOf(ident));
        }
        case VARIABLE -> {
          List<String> ident = new ArrayList<>(((VariableNode) node).ident());
          ident.addAll(fields);
          node = new VariableNode(chainPos, List.copyOf(ident));
        }
        case BOOL, STRING, NUMBER, NIL, DOT -> throw errorf("unexpected . after term " + GoText.quote(Nodes.format(node)));
        default -> node = new ChainNode(chainPos, node, List.copyOf(fields));
      }
    }
    return node;
  }

  private Node term() {
    Item t = nextNonSpace();
    switch (t.kind()) {
      case IDENTIFIER:
        if (!hasFunction.test(t.val())) {
          ParseError e = errorf("function " + GoText.quote(t.val()) + " not defined");
          throw new ParseError(e.getMessage(), t.val());
        }
        return new IdentifierNode(t.pos(), t.val());
      case DOT:
        return new DotNode(t.pos());
      case NIL:
        return new NilNode(t.pos());
      case VARIABLE:
        return useVar(t.pos(), t.val());
      case FIELD:
        return new FieldNode(t.pos(), splitFields(t.val().substring(1)));
      case BOOL:
        return new BoolNode(t.pos(), t.val().equals("true"));
      case CHAR_CONSTANT, COMPLEX, NUMBER:
        try {
          return Numbers.parse(t.pos(), t.val(), t.kind());
        } catch (IllegalArgumentException e) {
          throw errorf(e.getMessage());
        }
      case LEFT_PAREN:
        deeper();
        try {
          return pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
        } finally {
          lexer.parseDepth--;
        }
      case STRING, RAW_STRING:
        return new StringNode(t.pos(), t.val(), unquote(t.val()));
      default:
        backup();
        return null;
    }
  }

  private static List<String> splitFields(String s) {
    return List.of(s.split("\\.", -1));
  }

  private VariableNode newVariable(int pos, String ident) {
    return new VariableNode(pos, List.of(ident.split("\\.", -1)));
  }

  private Node useVar(int pos, String ident) {
    VariableNode v = newVariable(pos, ident);
    String varName = v.ident().get(0);
    if (vars.contains(varName)) {
      return v;
    }
    throw errorf("undefined variable " + GoText.quote(varName));
  }
}

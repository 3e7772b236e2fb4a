package io.vaultlet.template.gotmpl;

import java.util.List;

/**
 * The parse tree of a template, as Go's {@code text/template/parse} builds it. {@code pos} is the char offset of the
 * node in its template text (execution errors turn it into {@code line:column}). {@link Nodes#format} renders a node
 * the way Go's {@code Node.String()} does, which error messages quote.
 */
sealed interface Node {

  int pos();

  /** The node's kind, for switching (Java 17 has no pattern switch). */
  Type type();

  enum Type { LIST, TEXT, ACTION, COMMENT, PIPE, COMMAND, IDENTIFIER, VARIABLE, DOT, NIL, FIELD, CHAIN, BOOL, NUMBER,
    STRING, IF, RANGE, WITH, TEMPLATE, BREAK, CONTINUE, END, ELSE }

  record ListNode(int pos, List<Node> nodes) implements Node {
    @Override
    public Type type() {
      return Type.LIST;
    }
  }

  record TextNode(int pos, String text) implements Node {
    @Override
    public Type type() {
      return Type.TEXT;
    }
  }

  record ActionNode(int pos, int line, PipeNode pipe) implements Node {
    @Override
    public Type type() {
      return Type.ACTION;
    }
  }

  record CommentNode(int pos, String text) implements Node {
    @Override
    public Type type() {
      return Type.COMMENT;
    }
  }

  /** {@code decl} holds the declared or assigned variables ({@code $x :=} / {@code $x =}). */
  record PipeNode(int pos, int line, boolean isAssign, List<VariableNode> decl, List<CommandNode> cmds) implements Node {
    @Override
    public Type type() {
      return Type.PIPE;
    }
  }

  record CommandNode(int pos, List<Node> args) implements Node {
    @Override
    public Type type() {
      return Type.COMMAND;
    }
  }

  record IdentifierNode(int pos, String ident) implements Node {
    @Override
    public Type type() {
      return Type.IDENTIFIER;
    }
  }

  /** {@code $x.Field1.Field2}: ident[0] is the variable name (with its {@code $}), the rest are fields. */
  record VariableNode(int pos, List<String> ident) implements Node {
    @Override
    public Type type() {
      return Type.VARIABLE;
    }
  }

  record DotNode(int pos) implements Node {
    @Override
    public Type type() {
      return Type.DOT;
    }
  }

  record NilNode(int pos) implements Node {
    @Override
    public Type type() {
      return Type.NIL;
    }
  }

  /** {@code .Field1.Field2}: the names without dots. */
  record FieldNode(int pos, List<String> ident) implements Node {
    @Override
    public Type type() {
      return Type.FIELD;
    }
  }

  /** {@code (pipeline).Field1.Field2}. */
  record ChainNode(int pos, Node node, List<String> fields) implements Node {
    @Override
    public Type type() {
      return Type.CHAIN;
    }
  }

  record BoolNode(int pos, boolean value) implements Node {
    @Override
    public Type type() {
      return Type.BOOL;
    }
  }

  /**
   * A number constant. {@code constant} is the value the executor uses where no type is known (Go's
   * idealConstant): a {@link Long} or {@link Double}, or null when {@code error} says why it cannot be used.
   */
  record NumberNode(int pos, String text, boolean isInt, long int64, Object constant, String error) implements Node {
    @Override
    public Type type() {
      return Type.NUMBER;
    }
  }

  record StringNode(int pos, String quoted, String text) implements Node {
    @Override
    public Type type() {
      return Type.STRING;
    }
  }

  record IfNode(int pos, int line, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
    @Override
    public Type type() {
      return Type.IF;
    }
  }

  record RangeNode(int pos, int line, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
    @Override
    public Type type() {
      return Type.RANGE;
    }
  }

  record WithNode(int pos, int line, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
    @Override
    public Type type() {
      return Type.WITH;
    }
  }

  /** {@code {{template "name" pipeline}}}; {@code pipe} is null without a pipeline. */
  record TemplateNode(int pos, int line, String name, PipeNode pipe) implements Node {
    @Override
    public Type type() {
      return Type.TEMPLATE;
    }
  }

  record BreakNode(int pos, int line) implements Node {
    @Override
    public Type type() {
      return Type.BREAK;
    }
  }

  record ContinueNode(int pos, int line) implements Node {
    @Override
    public Type type() {
      return Type.CONTINUE;
    }
  }

  /** {@code {{end}}}: only seen by the parser. */
  record EndNode(int pos) implements Node {
    @Override
    public Type type() {
      return Type.END;
    }
  }

  /** {@code {{else}}}: only seen by the parser. */
  record ElseNode(int pos, int line) implements Node {
    @Override
    public Type type() {
      return Type.ELSE;
    }
  }
}

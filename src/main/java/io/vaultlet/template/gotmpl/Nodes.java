package io.vaultlet.template.gotmpl;

import io.vaultlet.template.gotmpl.Node.ActionNode;
import io.vaultlet.template.gotmpl.Node.BoolNode;
import io.vaultlet.template.gotmpl.Node.BreakNode;
import io.vaultlet.template.gotmpl.Node.ChainNode;
import io.vaultlet.template.gotmpl.Node.CommandNode;
import io.vaultlet.template.gotmpl.Node.CommentNode;
import io.vaultlet.template.gotmpl.Node.ContinueNode;
import io.vaultlet.template.gotmpl.Node.DotNode;
import io.vaultlet.template.gotmpl.Node.ElseNode;
import io.vaultlet.template.gotmpl.Node.EndNode;
import io.vaultlet.template.gotmpl.Node.FieldNode;
import io.vaultlet.template.gotmpl.Node.IdentifierNode;
import io.vaultlet.template.gotmpl.Node.IfNode;
import io.vaultlet.template.gotmpl.Node.ListNode;
import io.vaultlet.template.gotmpl.Node.NilNode;
import io.vaultlet.template.gotmpl.Node.NumberNode;
import io.vaultlet.template.gotmpl.Node.PipeNode;
import io.vaultlet.template.gotmpl.Node.RangeNode;
import io.vaultlet.template.gotmpl.Node.StringNode;
import io.vaultlet.template.gotmpl.Node.TemplateNode;
import io.vaultlet.template.gotmpl.Node.TextNode;
import io.vaultlet.template.gotmpl.Node.VariableNode;
import io.vaultlet.template.gotmpl.Node.WithNode;
import java.util.List;

/** Go's {@code Node.String()} for every node type, and Go's {@code IsEmptyTree}. */
final class Nodes {

  private Nodes() {}

  static String format(Node node) {
    StringBuilder sb = new StringBuilder();
    write(sb, node);
    return sb.toString();
  }

  static void write(StringBuilder sb, Node node) {
    switch (node.type()) {
      case LIST -> ((ListNode) node).nodes().forEach(c -> write(sb, c));
      case TEXT -> sb.append(((TextNode) node).text());
      case ACTION -> {
        sb.append("{{");
        write(sb, ((ActionNode) node).pipe());
        sb.append("}}");
      }
      case COMMENT -> sb.append("{{").append(((CommentNode) node).text()).append("}}");
      case PIPE -> writePipe(sb, (PipeNode) node);
      case COMMAND -> writeCommand(sb, (CommandNode) node);
      case IDENTIFIER -> sb.append(((IdentifierNode) node).ident());
      case VARIABLE -> sb.append(String.join(".", ((VariableNode) node).ident()));
      case DOT -> sb.append('.');
      case NIL -> sb.append("nil");
      case FIELD -> ((FieldNode) node).ident().forEach(id -> sb.append('.').append(id));
      case CHAIN -> {
        ChainNode n = (ChainNode) node;
        if (n.node() instanceof PipeNode) {
          sb.append('(');
          write(sb, n.node());
          sb.append(')');
        } else {
          write(sb, n.node());
        }
        n.fields().forEach(f -> sb.append('.').append(f));
      }
      case BOOL -> sb.append(((BoolNode) node).value());
      case NUMBER -> sb.append(((NumberNode) node).text());
      case STRING -> sb.append(((StringNode) node).quoted());
      case IF -> {
        IfNode n = (IfNode) node;
        writeBranch(sb, "if", n.pipe(), n.list(), n.elseList());
      }
      case RANGE -> {
        RangeNode n = (RangeNode) node;
        writeBranch(sb, "range", n.pipe(), n.list(), n.elseList());
      }
      case WITH -> {
        WithNode n = (WithNode) node;
        writeBranch(sb, "with", n.pipe(), n.list(), n.elseList());
      }
      case TEMPLATE -> {
        TemplateNode n = (TemplateNode) node;
        sb.append("{{template ").append(GoText.quote(n.name()));
        if (n.pipe() != null) {
          sb.append(' ');
          write(sb, n.pipe());
        }
        sb.append("}}");
      }
      case BREAK -> sb.append("{{break}}");
      case CONTINUE -> sb.append("{{continue}}");
      case END -> sb.append("{{end}}");
      case ELSE -> sb.append("{{else}}");
      default -> throw new IllegalStateException("unknown node " + node.type());
    }
  }

  private static void writePipe(StringBuilder sb, PipeNode p) {
    List<VariableNode> decl = p.decl();
    if (!decl.isEmpty()) {
      for (int i = 0; i < decl.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        write(sb, decl.get(i));
      }
      sb.append(" := ");
    }
    for (int i = 0; i < p.cmds().size(); i++) {
      if (i > 0) {
        sb.append(" | ");
      }
      writeCommand(sb, p.cmds().get(i));
    }
  }

  private static void writeCommand(StringBuilder sb, CommandNode c) {
    for (int i = 0; i < c.args().size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      Node arg = c.args().get(i);
      if (arg instanceof PipeNode) {
        sb.append('(');
        write(sb, arg);
        sb.append(')');
      } else {
        write(sb, arg);
      }
    }
  }

  private static void writeBranch(StringBuilder sb, String name, PipeNode pipe, ListNode list, ListNode elseList) {
    sb.append("{{").append(name).append(' ');
    write(sb, pipe);
    sb.append("}}");
    write(sb, list);
    if (elseList != null) {
      sb.append("{{else}}");
      write(sb, elseList);
    }
    sb.append("{{end}}");
  }

  /** Go's {@code parse.IsEmptyTree}: only whitespace text (or nothing). */
  static boolean isEmptyTree(Node n) {
    if (n == null) {
      return true;
    }
    return switch (n.type()) {
      case LIST -> ((ListNode) n).nodes().stream().allMatch(Nodes::isEmptyTree);
      case TEXT -> isGoSpaceOnly(((TextNode) n).text());
      case COMMENT -> true;
      default -> false;
    };
  }

  /** bytes.TrimSpace(text) is empty: every char is Go's unicode.IsSpace. */
  private static boolean isGoSpaceOnly(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean space = c <= 0xff
          ? c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xa0
          : Character.isSpaceChar(c);
      if (!space) {
        return false;
      }
    }
    return true;
  }
}

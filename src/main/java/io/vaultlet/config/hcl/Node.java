package io.vaultlet.config.hcl;

/**
 * An HCL1 value, mirroring the real library's AST ({@code ast.ObjectType}, {@code ast.ListType},
 * {@code ast.LiteralType}). Every node keeps the position where it starts.
 */
public sealed interface Node permits ObjectNode, ListNode, LiteralNode {
  Position position();
}

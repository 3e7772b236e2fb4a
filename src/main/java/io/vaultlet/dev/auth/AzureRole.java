package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A role of the emulator's {@code azure} auth method ({@code vault-plugin-auth-azure}'s {@code azureRole}): the
 * bindings on the token's service principal and groups, and on the login's subscription, resource group, location
 * and scale set, plus the token fields. At least one binding is required.
 */
record AzureRole(List<String> boundServicePrincipalIds, List<String> boundGroupIds,
    List<String> boundSubscriptionIds, List<String> boundResourceGroups, List<String> boundLocations,
    List<String> boundScaleSets, TokenFields token) {

  static AzureRole parse(DevRequest req) {
    AzureRole role = new AzureRole(req.strings("bound_service_principal_ids"), req.strings("bound_group_ids"),
        req.strings("bound_subscription_ids"), req.strings("bound_resource_groups"), req.strings("bound_locations"),
        req.strings("bound_scale_sets"), TokenFields.of(req));
    if (role.boundServicePrincipalIds.isEmpty() && role.boundGroupIds.isEmpty() && role.boundSubscriptionIds.isEmpty()
        && role.boundResourceGroups.isEmpty() && role.boundLocations.isEmpty() && role.boundScaleSets.isEmpty()) {
      throw DevException.badRequest("must have at least one bound constraint when creating/updating a role");
    }
    if (!role.token.maxTtl().isZero() && role.token.ttl().compareTo(role.token.maxTtl()) > 0) {
      throw DevException.badRequest("ttl should not be greater than max_ttl");
    }
    return role;
  }

  Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bound_group_ids", boundGroupIds);
    out.put("bound_locations", boundLocations);
    out.put("bound_resource_groups", boundResourceGroups);
    out.put("bound_scale_sets", boundScaleSets);
    out.put("bound_service_principal_ids", boundServicePrincipalIds);
    out.put("bound_subscription_ids", boundSubscriptionIds);
    token.describeInto(out);
    return out;
  }
}

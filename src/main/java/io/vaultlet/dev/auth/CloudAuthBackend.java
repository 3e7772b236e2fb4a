package io.vaultlet.dev.auth;

import io.vaultlet.dev.DevException;
import io.vaultlet.dev.DevRequest;
import io.vaultlet.dev.DevResponse;
import io.vaultlet.dev.Operation;
import io.vaultlet.dev.Routes;

/**
 * The paths the cloud auth plugins ({@code vault-plugin-auth-gcp}, {@code vault-plugin-auth-azure}) share:
 * {@code login}, {@code config} (read, write, delete), {@code role/<name>} with LIST {@code role/}, and LIST
 * {@code roles/}. Each backend says what a login checks and what its configuration holds.
 *
 * @param <R> the backend's role
 */
abstract class CloudAuthBackend<R> extends AuthBackend {

  final RoleTable<R> roles;

  CloudAuthBackend(RoleTable<R> roles) {
    this.roles = roles;
  }

  @Override
  final DevResponse route(DevRequest req) {
    String path = req.path();
    switch (path) {
      case "login":
        Logins.requireWrite(req);
        return login(req);
      case "config":
        return config(req);
      case "roles/":
        Routes.only(req, Operation.LIST);
        return DevResponse.keys(roles.names());
      default:
        break;
    }
    if (roles.owns(path)) {
      return roles.route(req);
    }
    throw DevException.unsupportedPath();
  }

  /** {@code login}: verifies the request against the cloud stand-in and answers with the token. */
  abstract DevResponse login(DevRequest req);

  /** {@code config} read: the configuration as the plugin shows it, or null (404) when there is none. */
  abstract DevResponse readConfig();

  /** {@code config} write (create or update). */
  abstract void writeConfig(DevRequest req);

  /** {@code config} delete. */
  abstract void deleteConfig();

  private DevResponse config(DevRequest req) {
    switch (req.operation()) {
      case READ:
        return readConfig();
      case CREATE:
      case UPDATE:
        writeConfig(req);
        return DevResponse.noContent();
      case DELETE:
        deleteConfig();
        return DevResponse.noContent();
      default:
        throw DevException.unsupportedOperation();
    }
  }
}

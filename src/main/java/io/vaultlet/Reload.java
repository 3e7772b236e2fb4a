package io.vaultlet;

import io.vaultlet.config.AgentConfig;
import io.vaultlet.config.hcl.Position;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a SIGHUP may change in a running agent. The log level, the {@code template} / {@code env_template} blocks and
 * the {@code aws_access_key} blocks are applied; everything the token or the lease watcher was built from ({@code vault}, {@code auto_auth},
 * {@code template_config}) and the exec child's settings need a restart. Blocks are compared as values, without the
 * {@code file:line:col} they were read at, so moving a block in the file changes nothing.
 */
final class Reload {

  private Reload() {}

  /** The names of the blocks that differ between {@code running} and {@code next} but are not applied by a reload. */
  static List<String> needingRestart(AgentConfig running, AgentConfig next) {
    List<String> out = new ArrayList<>();
    check(out, "vault", running.vault(), next.vault());
    check(out, "auto_auth", running.autoAuth(), next.autoAuth());
    check(out, "template_config", running.templateSettings(), next.templateSettings());
    check(out, "exec", running.exec(), next.exec());
    check(out, "pid_file", running.pidFile(), next.pidFile());
    check(out, "state_dir", running.stateDir(), next.stateDir());
    check(out, "exit_after_auth", running.exitAfterAuth(), next.exitAfterAuth());
    check(out, "log_format", running.log().format(), next.log().format());
    check(out, "listener", running.listeners(), next.listeners());
    check(out, "cache", running.cache(), next.cache());
    check(out, "api_proxy", running.apiProxy(), next.apiProxy());
    check(out, "telemetry", running.telemetry(), next.telemetry());
    return out;
  }

  /**
   * {@code running} with what a reload applies taken from {@code next}: templates, env templates, logging, and the
   * {@code aws_access_key} blocks.
   */
  static AgentConfig applicable(AgentConfig running, AgentConfig next) {
    return new AgentConfig(running.vault(), running.autoAuth(), next.templates(), running.templateSettings(),
        running.exec(), next.envTemplates(), running.listeners(), running.cache(), running.apiProxy(),
        running.telemetry(), running.pidFile(), running.exitAfterAuth(), next.log(),
        running.disableIdleConnections(), running.disableKeepAlives(), running.stateDir(), next.awsAccessKeys());
  }

  private static void check(List<String> out, String block, Object a, Object b) {
    if (!same(a, b)) {
      out.add(block);
    }
  }

  /** Value equality of configuration records, ignoring every {@link Position}. */
  static boolean same(Object a, Object b) {
    if (a instanceof Position && b instanceof Position) {
      return true;
    }
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Optional<?> oa) {
      if (!(b instanceof Optional<?> ob)) {
        return false;
      }
      return oa.isPresent() == ob.isPresent() && (oa.isEmpty() || same(oa.get(), ob.get()));
    }
    if (a instanceof List<?> la) {
      if (!(b instanceof List<?> lb) || la.size() != lb.size()) {
        return false;
      }
      Iterator<?> ib = lb.iterator();
      return la.stream().allMatch(x -> same(x, ib.next()));
    }
    if (a instanceof Map<?, ?> ma) {
      if (!(b instanceof Map<?, ?> mb)) {
        return false;
      }
      return ma.keySet().equals(mb.keySet()) && ma.keySet().stream().allMatch(k -> same(ma.get(k), mb.get(k)));
    }
    if (a.getClass() != b.getClass()) {
      return false;
    }
    if (a.getClass().isRecord()) {
      for (RecordComponent c : a.getClass().getRecordComponents()) {
        if (!same(value(c, a), value(c, b))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static Object value(RecordComponent c, Object record) {
    try {
      c.getAccessor().setAccessible(true);
      return c.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass().getSimpleName(), e);
    }
  }
}

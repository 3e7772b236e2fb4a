package io.vaultlet.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * go-metrics' {@code MetricsSummary} JSON ({@code Timestamp}, {@code Gauges}, {@code Points}, {@code Counters},
 * {@code Samples}), the default format of {@code /agent/v1/metrics}.
 */
final class InmemJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);

  private InmemJson() {}

  static String render(Intervals.Interval interval, List<Metrics.Sample> gauges) {
    ObjectNode root = JSON.createObjectNode();
    root.put("Timestamp", GO_TIME.format(interval.start));
    ArrayNode g = root.putArray("Gauges");
    for (Metrics.Sample s : gauges) {
      ObjectNode n = g.addObject();
      n.put("Name", s.name());
      n.put("Value", (float) s.value());
      labels(n, s.labels());
    }
    root.putArray("Points");
    ArrayNode c = root.putArray("Counters");
    interval.counters.values().forEach(a -> aggregate(c.addObject(), a, true));
    ArrayNode samples = root.putArray("Samples");
    interval.samples.values().forEach(a -> aggregate(samples.addObject(), a, false));
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void aggregate(ObjectNode n, Intervals.Aggregate a, boolean counter) {
    n.put("Name", a.name);
    n.put("Count", a.count);
    if (counter) {
      n.put("Rate", a.sum / Intervals.INTERVAL_SECONDS);
    }
    n.put("Sum", a.sum);
    n.put("Min", a.count == 0 ? 0 : a.min);
    n.put("Max", a.count == 0 ? 0 : a.max);
    n.put("Mean", a.mean());
    n.put("Stddev", a.stddev());
    labels(n, a.labels);
  }

  private static void labels(ObjectNode n, Map<String, String> labels) {
    ObjectNode l = n.putObject("Labels");
    labels.forEach(l::put);
  }
}

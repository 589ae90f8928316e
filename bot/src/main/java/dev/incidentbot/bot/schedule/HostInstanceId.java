package dev.incidentbot.bot.schedule;

import dev.incidentbot.schedule.JobIds;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.quartz.spi.InstanceIdGenerator;

/**
 * Cluster instance ids ({@code instanceId = AUTO}): host name, process id and a random part, so two
 * bot instances never share one, even in one JVM or started in the same millisecond. Quartz creates
 * it by class name.
 */
public final class HostInstanceId implements InstanceIdGenerator {
  @Override
  public String generateInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host + "-" + ProcessHandle.current().pid() + "-" + JobIds.random();
  }
}

package dev.incidentbot.bot.discord;

import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionDisconnectEvent;
import net.dv8tion.jda.api.events.session.SessionInvalidateEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the gateway connection's life: ready, lost, resumed, recreated, shut down. JDA reconnects by
 * itself; replies in flight are sent over REST and do not need the gateway. Called on JDA's event
 * thread; only logs.
 */
final class ConnectionLog extends ListenerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLog.class);

  @Override
  public void onReady(ReadyEvent event) {
    log.info(
        "connected to Discord as {} in {} server(s)",
        event.getJDA().getSelfUser().getName(),
        event.getGuildTotalCount());
  }

  @Override
  public void onSessionDisconnect(SessionDisconnectEvent event) {
    log.warn(
        "lost the Discord gateway connection (close code {}); reconnecting",
        event.getCloseCode() == null ? event.getServiceCloseFrame() : event.getCloseCode());
  }

  @Override
  public void onSessionResume(SessionResumeEvent event) {
    log.info("Discord gateway connection resumed; no events were missed");
  }

  @Override
  public void onSessionRecreate(SessionRecreateEvent event) {
    log.warn("Discord gateway session recreated; events during the outage were not delivered");
  }

  @Override
  public void onSessionInvalidate(SessionInvalidateEvent event) {
    log.warn("Discord invalidated the gateway session; starting a new one");
  }

  @Override
  public void onShutdown(ShutdownEvent event) {
    log.info("disconnected from Discord (close code {})", event.getCloseCode());
  }
}

package dev.incidentbot.bot.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 connections whose request line and headers must arrive within a time limit, counted from
 * the request's first byte. Jetty's idle timeout only cuts a client that sends nothing; one that
 * sends a header byte a second would keep its connection (and its place under the connection limit)
 * for as long as the header size limit allows. Past the limit the connection is closed.
 *
 * <p>Waiting for the header never holds a thread (Jetty reads without blocking); the deadline is a
 * task on the connector's scheduler, set when the parser starts a request and cancelled when its
 * headers are complete.
 *
 * <p>It extends Jetty's HTTP/1.1 connection through the hooks Jetty keeps for that ({@code
 * newRequestHandler}, the parser's {@code messageBegin} and {@code headerComplete}); the class is
 * in Jetty's {@code internal} package, so a Jetty upgrade that changes it fails the build, and
 * {@code SlowClientsTest} checks the cut.
 */
final class HeaderDeadline extends HttpConnectionFactory {
  private static final Logger log = LoggerFactory.getLogger(HeaderDeadline.class);

  private final long limitMillis;

  HeaderDeadline(HttpConfiguration config, Duration limit) {
    super(config);
    this.limitMillis = limit.toMillis();
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    var connection = new TimedConnection(getHttpConfiguration(), connector, endPoint, limitMillis);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  /** Jetty's connection with a parser callback that times the header. */
  private static final class TimedConnection extends HttpConnection {
    // the superclass constructor asks for the request handler, before these fields are set:
    // the handler reads them only when a request begins
    private final long limitMillis;
    private volatile Scheduler.Task deadline;

    TimedConnection(
        HttpConfiguration config, Connector connector, EndPoint endPoint, long limitMillis) {
      super(config, connector, endPoint);
      this.limitMillis = limitMillis;
    }

    @Override
    protected RequestHandler newRequestHandler() {
      return new TimedRequestHandler();
    }

    @Override
    public void onClose(Throwable cause) {
      stopTiming();
      super.onClose(cause);
    }

    private void startTiming() {
      if (deadline == null) {
        deadline =
            getConnector()
                .getScheduler()
                .schedule(this::expire, limitMillis, TimeUnit.MILLISECONDS);
      }
    }

    private void stopTiming() {
      Scheduler.Task task = deadline;
      deadline = null;
      if (task != null) {
        task.cancel();
      }
    }

    private void expire() {
      if (deadline == null) {
        return;
      }
      log.debug(
          "closed an HTTP connection from {}: its request headers took over {} ms",
          getEndPoint().getRemoteSocketAddress(),
          limitMillis);
      getEndPoint().close(new TimeoutException("request headers took over " + limitMillis + " ms"));
    }

    /** Starts the clock at a request's first byte and stops it once its headers are in. */
    private final class TimedRequestHandler extends RequestHandler {
      @Override
      public void messageBegin() {
        super.messageBegin();
        startTiming();
      }

      @Override
      public boolean headerComplete() {
        stopTiming();
        return super.headerComplete();
      }

      @Override
      public void badMessage(HttpException failure) {
        stopTiming();
        super.badMessage(failure);
      }

      @Override
      public void earlyEOF() {
        stopTiming();
        super.earlyEOF();
      }
    }
  }
}

package dev.incidentbot.bot;

import java.sql.DriverManager;

/** Run in a child JVM by tests: opens an H2 file database, says so, and holds it until killed. */
public final class HoldDatabase {
  private HoldDatabase() {}

  public static void main(String[] args) throws Exception {
    try (var c = DriverManager.getConnection(args[0])) {
      System.out.println("holding");
      System.out.flush();
      Thread.sleep(60_000); // holds the connection open until the test kills it
    }
  }
}

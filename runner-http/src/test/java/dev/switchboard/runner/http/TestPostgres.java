package dev.switchboard.runner.http;

import java.sql.Connection;
import java.sql.DriverManager;

/** The PostgreSQL database of TEST_DATABASE_URL (created when missing), for tests through the real server. */
final class TestPostgres {
    private TestPostgres() {}

    static synchronized String url() {
        String base = System.getenv().getOrDefault("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/switchboard_test");
        String name = base.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        String admin = "jdbc:" + base.replaceFirst("^postgres(ql)?://postgres@", "postgresql://").replaceFirst("/[^/?]+(\\?.*)?$", "/postgres");
        try (var c = DriverManager.getConnection(admin, "postgres", "")) {
            var rs = c.createStatement().executeQuery("select 1 from pg_database where datname = '" + name.replace("'", "") + "'");
            if (!rs.next()) c.createStatement().execute("create database \"" + name.replace("\"", "") + "\"");
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the test database " + name, e);
        }
        return base;
    }

    static Connection connect() throws Exception {
        String jdbc = "jdbc:" + url().replaceFirst("^postgres(ql)?://postgres@", "postgresql://");
        return DriverManager.getConnection(jdbc, "postgres", "");
    }
}

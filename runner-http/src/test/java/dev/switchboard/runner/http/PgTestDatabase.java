package dev.switchboard.runner.http;

import java.sql.DriverManager;

/** A fresh PostgreSQL database for one test class, on TEST_DATABASE_URL's server. */
final class PgTestDatabase {
    private PgTestDatabase() {}

    /** Drops and creates {@code name} and returns its postgresql:// URL. */
    static String fresh(String name) {
        String base = System.getenv().getOrDefault("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/switchboard_test");
        String admin = "jdbc:" + base.replaceFirst("^postgres(ql)?://postgres@", "postgresql://").replaceFirst("/[^/?]+(\\?.*)?$", "/postgres");
        try (var c = DriverManager.getConnection(admin, "postgres", "")) {
            c.createStatement().execute("drop database if exists " + name + " with (force)");
            c.createStatement().execute("create database " + name);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL needed for this test: " + e.getMessage(), e);
        }
        return base.replaceFirst("/[^/?]+(\\?.*)?$", "/" + name);
    }

    /** The number of rows {@code sql} (a {@code select count(*)}) counts. */
    static long count(String url, String sql) {
        String jdbc = "jdbc:" + url.replaceFirst("^postgres(ql)?://postgres@", "postgresql://");
        try (var c = DriverManager.getConnection(jdbc, "postgres", ""); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.switchboard.runner.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hard cap on the bytes read of every request body, on every route, whether the body comes with
 * a {@code Content-Length} or {@code Transfer-Encoding: chunked}: a declared length over the cap is
 * answered 413 before a byte is read; a chunked body is read into memory up to the cap and answered
 * 413 (connection closed) the moment one byte more arrives, so no request holds more than the cap.
 * Below the cap, handlers read the buffered copy. A {@code charset} other than UTF-8 (or its
 * subsets US-ASCII and ISO-8859-1) in {@code Content-Type} is answered 415, never a 500.
 */
final class BodyLimit implements Filter {
    static final long MAX_BYTES = 4_000_000L; // Meta sends up to 3 MB
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]*)");
    private static final Set<Charset> ACCEPTED = Set.of(StandardCharsets.UTF_8, StandardCharsets.US_ASCII, StandardCharsets.ISO_8859_1);

    private final long max;

    BodyLimit(long max) {
        this.max = max;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        String contentType = req.getContentType();
        if (contentType != null && !charsetAccepted(contentType)) {
            refuse(res, 415, "unsupported charset in Content-Type: send UTF-8 JSON", false);
            return;
        }
        long declared = req.getContentLengthLong();
        if (declared > max) {
            refuse(res, 413, "request body too large: at most " + max + " bytes", true);
            return;
        }
        boolean chunked = declared < 0 && req.getHeader("Transfer-Encoding") != null;
        if (declared <= 0 && !chunked) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = readCapped(req.getInputStream());
        } catch (IOException e) { // the body ended before its Content-Length, or the chunks broke off
            try {
                refuse(res, 400, "request body ended early or is malformed", true);
            } catch (IOException clientGone) {
                // nobody is left to answer
            }
            return;
        }
        if (body == null) {
            refuse(res, 413, "request body too large: at most " + max + " bytes", true);
            abort(req);
            return;
        }
        chain.doFilter(new Buffered(req, body), response);
    }

    /** The body, or null when it is longer than the cap (reading stops at cap + 1 bytes). */
    private byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > max) return null;
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Closes the connection under a chunked body past the cap, so the rest is never read: Jetty would
     * otherwise read (and discard) the remainder to close gracefully. The 413 is flushed first.
     */
    private static void abort(HttpServletRequest req) {
        org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(req);
        if (base == null) return;
        try {
            Thread.sleep(50); // let the 413 reach the client before the connection goes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        base.getHttpChannel().getEndPoint().close();
    }

    static boolean charsetAccepted(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        if (!m.find()) return true;
        String name = m.group(1).toLowerCase(Locale.ROOT);
        try {
            return Charset.isSupported(name) && ACCEPTED.contains(Charset.forName(name));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse res, int status, String message, boolean close) throws IOException {
        res.setStatus(status);
        if (close) res.setHeader("Connection", "close");
        res.setContentType("application/json");
        res.getOutputStream().write(("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
        res.flushBuffer();
    }

    /** The request with its body already read. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}

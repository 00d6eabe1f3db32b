package io.virtseed.network.metadata;

import io.virtseed.network.netns.NetNamespaces;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** HTTP requests made from inside a guest namespace. */
final class Curl {

    private static final String MARK = "\n--vs-status:";

    private Curl() {
    }

    record Reply(int status, String body) {
    }

    static Reply get(TestNetwork.Guest g, String url) throws IOException, InterruptedException {
        return curl(g, List.of(url));
    }

    static Reply post(TestNetwork.Guest g, String url, String data) throws IOException, InterruptedException {
        return curl(g, List.of("--data-binary", data, url));
    }

    private static Reply curl(TestNetwork.Guest g, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "netns", "exec", g.namespace(), "curl", "-s", "-g",
                "--noproxy", "*", "-m", "5", "-w", MARK + "%{http_code}"));
        cmd.addAll(args);
        TestNetwork.Result r = TestNetwork.exec(cmd);
        int at = r.output().lastIndexOf(MARK);
        if (at < 0) {
            return new Reply(0, r.output());
        }
        return new Reply(Integer.parseInt(r.output().substring(at + MARK.length()).strip()),
                r.output().substring(0, at));
    }

    /** True when a TCP connection from the guest to the URL's host and port is accepted. */
    static boolean accepts(TestNetwork.Guest g, URI u) throws Exception {
        return NetNamespaces.call(g.namespace(), () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(u.getHost(), u.getPort() < 0 ? 80 : u.getPort()), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** One kept-alive connection from the guest, made inside its namespace. */
    static KeepAlive keepAlive(TestNetwork.Guest g, String url) throws Exception {
        URI u = URI.create(url);
        Socket s = NetNamespaces.call(g.namespace(), () -> {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(u.getHost(), u.getPort() < 0 ? 80 : u.getPort()), 5000);
            return socket;
        });
        s.setSoTimeout(5000);
        KeepAlive k = new KeepAlive(s, u.getRawPath());
        k.again();
        return k;
    }

    static final class KeepAlive implements AutoCloseable {
        private final Socket socket;
        private final String path;

        KeepAlive(Socket socket, String path) {
            this.socket = socket;
            this.path = path;
        }

        /** Sends the request again on the same connection and returns the body. */
        String again() throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                head.append((char) c);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

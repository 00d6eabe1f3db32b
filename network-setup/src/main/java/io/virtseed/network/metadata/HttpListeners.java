package io.virtseed.network.metadata;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.metadata.HttpAnswer;
import io.virtseed.core.metadata.HttpRequest;
import io.virtseed.network.netns.NetNamespaces;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP server, and the only class that knows it is Netty (epoll transport): listening sockets,
 * each created inside a network namespace when asked, all served by one small event loop group.
 * The socket is created on the thread that calls {@code bind}, so a thread that has entered the
 * namespace makes a socket that lives there.
 *
 * <pre>{@code
 * HttpListeners http = new HttpListeners(responder);
 * HttpListeners.Listener l = http.listen("lab", new InetSocketAddress(serviceIp, 8775), Optional.of("vs-1a2b3c"));
 * }</pre>
 */
final class HttpListeners implements AutoCloseable {

    /** Answers one request from a source address on a network. */
    interface Responder {
        HttpAnswer respond(String network, InetAddress source, HttpRequest request);
    }

    private static final int MAX_BODY = 8192;
    private static final AsciiString TTL_HEADER = AsciiString.cached("x-aws-ec2-metadata-token-ttl-seconds");
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] OK = ascii("HTTP/1.1 200 OK\r\nContent-Type: ");
    private static final byte[] CONTENT_LENGTH = ascii("\r\nContent-Length: ");
    private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] END = ascii("\r\n\r\n");
    private static final byte[] CLOSE_END = ascii("\r\nConnection: close\r\n\r\n");

    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig().setMaxInitialLineLength(4096)
            .setMaxHeaderSize(8192).setMaxChunkSize(8192)
            .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(false));

    private final Responder responder;
    private final EventLoopGroup group;
    private final int loops;

    HttpListeners(Responder responder) {
        if (!Epoll.isAvailable()) {
            throw new ProvisionException("start the metadata service", "the native epoll transport is not available: "
                    + Epoll.unavailabilityCause(), Epoll.unavailabilityCause());
        }
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // sampling allocations for leak reports costs every request; the tests turn it on
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        this.responder = responder;
        this.loops = Integer.getInteger("virtseed.metadata.threads",
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        this.group = new EpollEventLoopGroup(loops);
    }

    /** The sockets of one address: one per event loop (SO_REUSEPORT), so accepting is spread too. */
    static final class Listener implements AutoCloseable {
        private final List<Channel> channels;

        private Listener(List<Channel> channels) {
            this.channels = List.copyOf(channels);
        }

        boolean isOpen() {
            return channels.stream().allMatch(Channel::isOpen);
        }

        /** Stops accepting; open connections stay until their clients close them. */
        @Override
        public void close() {
            channels.forEach(Channel::close);
        }
    }

    /** Listens on {@code address}, inside {@code namespace} when given, answering as {@code network}. */
    Listener listen(String network, InetSocketAddress address, Optional<String> namespace) throws Exception {
        InternetProtocolFamily family = address.getAddress() instanceof Inet4Address ? InternetProtocolFamily.IPv4
                : InternetProtocolFamily.IPv6;
        ServerBootstrap b = new ServerBootstrap().group(group)
                .channelFactory(() -> new EpollServerSocketChannel(family))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(EpollChannelOption.SO_REUSEPORT, true)
                // woken only when the request has arrived, not for the bare handshake
                .option(EpollChannelOption.TCP_DEFER_ACCEPT, 1)
                // the fe80:: address may still be tentative (DAD) when the network comes up
                .option(EpollChannelOption.IP_FREEBIND, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpRequestDecoder(DECODER), new Handler(network));
                    }
                });
        List<Channel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < loops; i++) {
                // bind() creates the socket on the calling thread: inside the namespace when one is given
                ChannelFuture f = namespace.isEmpty() ? b.bind(address)
                        : NetNamespaces.call(namespace.get(), () -> b.bind(address));
                channels.add(f.sync().channel());
            }
        } catch (Exception e) {
            new Listener(channels).close();
            throw e;
        }
        return new Listener(channels);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Decodes with Netty, answers with bytes written directly: a status line and three headers
     * cost less than Netty's response encoder, and the body goes out as the view's own array.
     */
    private final class Handler extends ChannelInboundHandlerAdapter {
        private final String network;
        private io.netty.handler.codec.http.HttpRequest head;
        private ByteBuf body;

        Handler(String network) {
            this.network = network;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof io.netty.handler.codec.http.HttpRequest r) {
                    head = r;
                    releaseBody();
                    if (HttpUtil.is100ContinueExpected(r)) {
                        // curl asks before sending a body over 1 KiB
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(CONTINUE));
                    }
                }
                if (msg instanceof HttpContent c && head != null) {
                    if (c.content().isReadable()) {
                        if (body == null) {
                            body = ctx.alloc().buffer(c.content().readableBytes());
                        }
                        if (body.readableBytes() + c.content().readableBytes() > MAX_BODY) {
                            answer(ctx, HttpAnswer.error(413, "413 Request Entity Too Large"), false, false);
                            head = null;
                            releaseBody();
                            return;
                        }
                        body.writeBytes(c.content());
                    }
                    if (c instanceof LastHttpContent) {
                        io.netty.handler.codec.http.HttpRequest r = head;
                        head = null;
                        respond(ctx, r);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void respond(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpRequest r) {
            boolean keepAlive = HttpUtil.isKeepAlive(r);
            HttpAnswer a;
            if (!r.decoderResult().isSuccess()) {
                a = HttpAnswer.error(400, "400 Bad Request");
                keepAlive = false;
            } else {
                byte[] content = body == null ? EMPTY : ByteBufUtil.getBytes(body);
                InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
                a = responder.respond(network, source, new HttpRequest(r.method().name(), r.uri(), content,
                        Optional.ofNullable(r.headers().get(TTL_HEADER))));
            }
            releaseBody();
            answer(ctx, a, keepAlive, r.method().equals(HttpMethod.HEAD));
        }

        private void answer(ChannelHandlerContext ctx, HttpAnswer a, boolean keepAlive, boolean headOnly) {
            ByteBuf out = ctx.alloc().ioBuffer(160);
            out.writeBytes(statusLine(a.status()));
            out.writeCharSequence(a.contentType(), StandardCharsets.US_ASCII);
            out.writeBytes(CONTENT_LENGTH);
            out.writeCharSequence(Integer.toString(a.body().length), StandardCharsets.US_ASCII);
            out.writeBytes(keepAlive ? END : CLOSE_END);
            ctx.write(out);
            if (!headOnly && a.body().length > 0) {
                ctx.write(Unpooled.wrappedBuffer(a.body()));
            }
            if (!keepAlive) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void releaseBody() {
            if (body != null) {
                body.release();
                body = null;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            releaseBody();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static byte[] statusLine(int status) {
        return switch (status) {
            case 200 -> OK;
            default -> ("HTTP/1.1 " + HttpResponseStatus.valueOf(status) + "\r\nContent-Type: ")
                    .getBytes(StandardCharsets.US_ASCII);
        };
    }
}

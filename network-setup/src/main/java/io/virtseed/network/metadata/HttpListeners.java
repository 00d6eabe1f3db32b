package io.virtseed.network.metadata;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.metadata.HttpAnswer;
import io.virtseed.core.metadata.HttpRequest;
import io.virtseed.network.netns.NetNamespaces;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The HTTP server, and the only class that knows it is Netty (epoll transport): listening sockets,
 * each created inside a network namespace when asked, all served by one small event loop group.
 * The socket is created on the thread that calls {@code bind}, so a thread that has entered the
 * namespace makes a socket that lives there.
 *
 * <pre>{@code
 * HttpListeners http = new HttpListeners(responder);
 * Channel l = http.listen("lab", new InetSocketAddress(serviceIp, 8775), Optional.of("vs-1a2b3c"));
 * }</pre>
 */
final class HttpListeners implements AutoCloseable {

    /** Answers one request from a source address on a network. */
    interface Responder {
        HttpAnswer respond(String network, InetAddress source, HttpRequest request);
    }

    private static final int MAX_BODY = 8192;
    private static final AsciiString TTL_HEADER = AsciiString.cached("x-aws-ec2-metadata-token-ttl-seconds");

    private final Responder responder;
    private final EventLoopGroup group;

    HttpListeners(Responder responder) {
        if (!Epoll.isAvailable()) {
            throw new ProvisionException("start the metadata service", "the native epoll transport is not available: "
                    + Epoll.unavailabilityCause(), Epoll.unavailabilityCause());
        }
        this.responder = responder;
        this.group = new EpollEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Listens on {@code address}, inside {@code namespace} when given, answering as {@code network}.
     * Closing the returned channel stops accepting; open connections stay until their clients close.
     */
    Channel listen(String network, InetSocketAddress address, Optional<String> namespace) throws Exception {
        InternetProtocolFamily family = address.getAddress() instanceof Inet4Address ? InternetProtocolFamily.IPv4
                : InternetProtocolFamily.IPv6;
        ServerBootstrap b = new ServerBootstrap().group(group)
                .channelFactory(() -> new EpollServerSocketChannel(family))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // the fe80:: address may still be tentative (DAD) when the network comes up
                .option(EpollChannelOption.IP_FREEBIND, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192),
                                new HttpObjectAggregator(MAX_BODY), new Handler(network));
                    }
                });
        if (namespace.isEmpty()) {
            return b.bind(address).sync().channel();
        }
        // bind() creates the socket on this thread: inside the namespace
        return NetNamespaces.call(namespace.get(), () -> b.bind(address)).sync().channel();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String network;

        Handler(String network) {
            this.network = network;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpAnswer a;
            if (!req.decoderResult().isSuccess()) {
                a = new HttpAnswer(400, HttpAnswer.TEXT, "400 Bad Request".getBytes(), HttpAnswer.Effect.NONE);
                keepAlive = false;
            } else {
                InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
                HttpRequest request = new HttpRequest(req.method().name(), req.uri(),
                        ByteBufUtil.getBytes(req.content()), Optional.ofNullable(req.headers().get(TTL_HEADER)));
                a = responder.respond(network, source, request);
            }
            boolean head = req.method().equals(HttpMethod.HEAD);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(a.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(a.body()));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, a.body().length);
            if (!keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            } else {
                if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                ctx.write(res);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

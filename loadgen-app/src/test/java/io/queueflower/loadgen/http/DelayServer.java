package io.queueflower.loadgen.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A local HTTP/1.1 server on 127.0.0.1 (built on Netty, the client library's own server side) that holds each request
 * for an injected delay before answering, and records what it really did: when each request arrived and how long it
 * was actually held. Delays are event-loop timers, not sleeping threads, so the server costs little CPU and the
 * measurements are not distorted by its own scheduling.
 */
public final class DelayServer implements AutoCloseable {

    /** Decides, per request, how long to hold it and with which status to answer. */
    public interface Behaviour {
        /** @param sinceStartNanos when the request arrived, relative to the server's start */
        long delayNanos(String pathAndQuery, long sinceStartNanos);

        default int status(String pathAndQuery) {
            return 200;
        }
    }

    private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.UTF_8);

    private final EventLoopGroup group;
    private final Channel listener;
    private final long startNanos = System.nanoTime();
    private final Histogram heldMicros = new Histogram(3);
    private final List<Long> arrivals = new ArrayList<>();

    public DelayServer(Behaviour behaviour) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        listener = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536), new Handler(behaviour));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Behaviour behaviour;

        Handler(Behaviour behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            long arrived = System.nanoTime();
            String target = request.uri();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            long delay = behaviour.delayNanos(target, arrived - startNanos);
            ctx.executor().schedule(() -> {
                long held = System.nanoTime() - arrived;
                synchronized (DelayServer.this) {
                    arrivals.add(arrived);
                    heldMicros.recordValue(held / 1000);
                }
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(behaviour.status(target)), Unpooled.wrappedBuffer(BODY));
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
                if (keepAlive) {
                    ctx.writeAndFlush(response);
                } else {
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** How long requests were really held before their response was written, in microseconds. */
    synchronized Histogram heldMicros() {
        return heldMicros.copy();
    }

    /** Arrival times (System.nanoTime) of the requests answered so far, in order. */
    synchronized List<Long> arrivalNanos() {
        return arrivals.stream().sorted().toList();
    }

    /** Forgets what was recorded so far (e.g. a warm-up's requests). */
    synchronized void forget() {
        heldMicros.reset();
        arrivals.clear();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}

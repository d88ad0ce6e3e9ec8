package io.queueflower.loadgen.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.queueflower.core.workload.WorkloadRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Netty HTTP/1.1 client: {@code threads} event loops, each connection pinned to one loop, its pacing timers on that
 * loop. With native epoll the loop wakes for timers with sub-millisecond resolution; Java NIO rounds selector
 * timeouts up to whole milliseconds, which would add up to 1 ms of send lateness to every measured latency.
 */
public final class NettyTransport implements HttpTransport {
    private static final HttpHeadersFactory UNVALIDATED = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private final HttpTarget target;
    private final AsciiString hostHeader;
    private final long timeoutNanos;
    private final EventLoopGroup group;
    private final Bootstrap template;
    private final boolean epoll;

    public NettyTransport(HttpTarget target, int threads, Duration timeout) {
        this.target = target;
        this.hostHeader = AsciiString.cached(target.hostHeader());
        this.timeoutNanos = timeout.toNanos();
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("loadgen-io", true), ioHandler);
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        this.template = new Bootstrap()
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())))
                .remoteAddress(address);
    }

    /** Whether the native epoll transport is in use (else Java NIO). */
    public boolean nativeEpoll() {
        return epoll;
    }

    @Override
    public List<HttpConnection> open(int count) throws IOException {
        List<NettyConnection> connections = new ArrayList<>(count);
        List<ChannelFuture> connecting = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            NettyConnection connection = new NettyConnection(group.next());
            connections.add(connection);
            connecting.add(connection.connect());
        }
        for (ChannelFuture future : connecting) {
            if (!future.awaitUninterruptibly(timeoutNanos, TimeUnit.NANOSECONDS) || !future.isSuccess()) {
                close();
                Throwable cause = future.cause();
                throw new IOException("cannot connect to " + target.host() + ":" + target.port()
                        + (cause == null ? " within the timeout" : ": " + cause.getMessage()), cause);
            }
        }
        return List.copyOf(connections);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** State is touched on {@link #loop} only, so it needs no locking. */
    private final class NettyConnection implements HttpConnection {
        private final EventLoop loop;
        private final Bootstrap bootstrap;
        private Channel channel;
        private ExchangeListener pending;
        private ScheduledFuture<?> timeoutTask;
        private int status;
        private boolean keepAlive;

        NettyConnection(EventLoop loop) {
            this.loop = loop;
            this.bootstrap = template.clone(loop).handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new ResponseHandler());
                }
            });
        }

        ChannelFuture connect() {
            ChannelFuture future = bootstrap.connect();
            channel = future.channel();
            return future;
        }

        @Override
        public void runAfter(long delayNanos, Runnable task) {
            if (delayNanos <= 0) {
                loop.execute(task);
            } else {
                loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void send(WorkloadRequest request, ExchangeListener listener) {
            pending = listener;
            status = 0;
            keepAlive = true;
            timeoutTask = loop.schedule(() -> fail(listener, FailureKind.TIMEOUT), timeoutNanos, TimeUnit.NANOSECONDS);
            if (channel != null && channel.isActive()) {
                write(request, listener);
                return;
            }
            connect().addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    write(request, listener);
                } else {
                    fail(listener, FailureKind.CONNECT);
                }
            });
        }

        private void write(WorkloadRequest request, ExchangeListener listener) {
            if (pending != listener) {
                return; // timed out while connecting
            }
            // Our own headers need no validation; skipping it is measurable at tens of thousands of requests/s.
            FullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()),
                    request.pathAndQuery(), Unpooled.EMPTY_BUFFER, UNVALIDATED, UNVALIDATED);
            http.headers().set(HttpHeaderNames.HOST, hostHeader);
            if (!"GET".equals(request.method())) {
                http.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            }
            channel.writeAndFlush(http).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(listener, FailureKind.IO);
                }
            });
        }

        private void complete(Channel from) {
            if (from != channel || pending == null) {
                return;
            }
            ExchangeListener listener = pending;
            pending = null;
            timeoutTask.cancel(false);
            if (!keepAlive) {
                from.close();
                channel = null;
            }
            listener.onResponse(status);
        }

        /** Ends the exchange {@code listener} is waiting on, unless it already ended; the connection is not reused. */
        private void fail(ExchangeListener listener, String kind) {
            if (pending != listener) {
                return;
            }
            pending = null;
            timeoutTask.cancel(false);
            if (channel != null) {
                channel.close();
                channel = null;
            }
            listener.onFailure(kind);
        }

        private final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                if (ctx.channel() != channel || pending == null) {
                    return;
                }
                if (msg.decoderResult().isFailure()) {
                    fail(pending, FailureKind.IO);
                    return;
                }
                if (msg instanceof HttpResponse response) {
                    status = response.status().code();
                    keepAlive = HttpUtil.isKeepAlive(response);
                }
                if (msg instanceof LastHttpContent) {
                    complete(ctx.channel());
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                if (ctx.channel() == channel && pending != null) {
                    fail(pending, FailureKind.CLOSED);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (ctx.channel() == channel && pending != null) {
                    fail(pending, FailureKind.IO);
                } else {
                    ctx.close();
                }
            }
        }
    }
}

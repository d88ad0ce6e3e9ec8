package io.queueflower.loadgen.http;

import java.time.Duration;

/** The HTTP client libraries the generator can drive; Netty is the default, chosen by measurement. */
public enum ClientKind {
    NETTY {
        @Override
        public HttpTransport create(HttpTarget target, int threads, Duration timeout) {
            return new NettyTransport(target, threads, timeout);
        }
    },
    JDK {
        @Override
        public HttpTransport create(HttpTarget target, int threads, Duration timeout) {
            return new JdkHttpTransport(target, threads, timeout);
        }
    };

    public abstract HttpTransport create(HttpTarget target, int threads, Duration timeout);
}

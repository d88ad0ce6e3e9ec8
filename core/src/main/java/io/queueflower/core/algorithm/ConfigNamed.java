package io.queueflower.core.algorithm;

import java.util.Arrays;

/** An option whose configuration spelling differs from its Java constant, e.g. {@code prop-sla2}. */
public interface ConfigNamed {
    /** The spelling used in configuration, decision parameters and the Avro contracts. */
    String configName();

    /** Parses a configuration spelling, naming the option and the accepted values when it is unknown. */
    static <E extends Enum<E> & ConfigNamed> E parse(Class<E> type, String option, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.configName().equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + option + " '" + value + "', expected one of "
                + Arrays.stream(type.getEnumConstants()).map(ConfigNamed::configName).toList());
    }
}

package io.queueflower.core.algorithm;

/** Which scaling algorithm decides ({@code algorithm}). */
public enum AlgorithmKind implements ConfigNamed {
    QUEUEFLOWER("queueflower"), HAB("hab"), HPA("hpa"), STATIC("static");

    private final String configName;

    AlgorithmKind(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static AlgorithmKind fromConfigName(String name) {
        return ConfigNamed.parse(AlgorithmKind.class, "algorithm", name);
    }
}

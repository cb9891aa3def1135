package dev.distillery.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A kind's params as a record: the {@link ParamSpec} list made from its {@link Param} components
 * (those of {@link ParamGroup} components inlined), the {@link ParamRule}s their attributes
 * declare, and a stage's params read back as the record.
 */
public final class ParamSpecs {
  private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
      new PropertyNamingStrategies.SnakeCaseStrategy();
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Each record's params, checks and file params, made once. */
  private static final ClassValue<List<ParamSpec>> MADE = cached(ParamSpecs::make);

  private static final ClassValue<List<ParamRule>> RULES = cached(ParamSpecs::makeRules);
  private static final ClassValue<List<String>> FILES = cached(ParamSpecs::makeFileParams);

  private ParamSpecs() {}

  /**
   * The params of {@code record}, in component order.
   *
   * @throws IllegalArgumentException when a component has no {@link Param}, a type no param type
   *     has, or a default that is not valid JSON
   */
  public static List<ParamSpec> of(Class<? extends Record> record) {
    return MADE.get(record);
  }

  /**
   * The checks on the values of {@code record}'s params that its {@link Param} attributes declare
   * ({@link Param#min}, {@link Param#oneOf}, ...), in component order.
   *
   * @throws IllegalArgumentException as {@link #of}, or when a check does not fit the param's type
   */
  public static List<ParamRule> rules(Class<? extends Record> record) {
    return RULES.get(record);
  }

  /**
   * The params of {@code record} that name files ({@link Param#file}), in component order.
   *
   * @throws IllegalArgumentException as {@link #of}, or when such a param is not a string, a list
   *     or a mapping of strings
   */
  public static List<String> fileParams(Class<? extends Record> record) {
    return FILES.get(record);
  }

  private static List<ParamSpec> make(Class<? extends Record> record) {
    List<ParamSpec> params = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (RecordComponent component : components(record)) {
      Param param = param(component);
      ParamType type = type(component);
      String name = SNAKE.translate(component.getName());
      if (!names.add(name)) {
        throw new IllegalArgumentException(
            record.getSimpleName() + " declares the param " + name + " twice");
      }
      JsonNode defaultValue = defaultValue(param.defaultValue(), type, where(component));
      params.add(
          new ParamSpec(name, type, param.required(), defaultValue, !param.tuning(), param.doc()));
    }
    return List.copyOf(params);
  }

  private static List<ParamRule> makeRules(Class<? extends Record> record) {
    List<ParamRule> rules = new ArrayList<>();
    for (RecordComponent component : components(record)) {
      Param param = param(component);
      String name = SNAKE.translate(component.getName());
      ParamType type = type(component);
      boolean numeric = type == ParamType.INTEGER || type == ParamType.NUMBER;
      boolean string = type == ParamType.STRING;
      if (param.min() != Long.MIN_VALUE) {
        rules.add(fitting(ParamRule.atLeast(name, param.min()), numeric, component, "min"));
      }
      if (param.fraction()) {
        rules.add(fitting(ParamRule.fraction(name), numeric, component, "fraction"));
      }
      if (param.percent()) {
        rules.add(fitting(ParamRule.percent(name), numeric, component, "percent"));
      }
      if (param.oneOf().length > 0) {
        rules.add(fitting(ParamRule.oneOf(name, param.oneOf()), string, component, "oneOf"));
      }
      if (param.endpointUrl()) {
        rules.add(fitting(ParamRule.endpointUrl(name), string, component, "endpointUrl"));
      }
      if (param.safeName()) {
        rules.add(fitting(ParamRule.safeName(name), string, component, "safeName"));
      }
      if (param.placeholders().length > 0) {
        String required =
            param.requiredPlaceholder().isEmpty() ? null : param.requiredPlaceholder();
        ParamRule template = ParamRule.template(name, List.of(param.placeholders()), required);
        rules.add(fitting(template, string, component, "placeholders"));
      }
      if (param.nonNegativeValues()) {
        boolean map = type == ParamType.NUMBER_MAP;
        rules.add(fitting(ParamRule.nonNegativeValues(name), map, component, "nonNegativeValues"));
      }
    }
    return List.copyOf(rules);
  }

  private static List<String> makeFileParams(Class<? extends Record> record) {
    List<String> files = new ArrayList<>();
    for (RecordComponent component : components(record)) {
      if (param(component).file()) {
        ParamType type = type(component);
        boolean strings =
            type == ParamType.STRING
                || type == ParamType.STRING_LIST
                || type == ParamType.STRING_MAP;
        files.add(fitting(SNAKE.translate(component.getName()), strings, component, "file"));
      }
    }
    return List.copyOf(files);
  }

  /** {@code record}'s param components in order, those of its {@link ParamGroup}s inlined. */
  private static List<RecordComponent> components(Class<? extends Record> record) {
    List<RecordComponent> components = new ArrayList<>();
    for (RecordComponent component : record.getRecordComponents()) {
      Class<? extends Record> group = group(component);
      if (group == null) {
        components.add(component);
      } else {
        components.addAll(components(group));
      }
    }
    return components;
  }

  /** A value made once per record class by {@code make}. */
  private static <T> ClassValue<T> cached(Function<Class<? extends Record>, T> make) {
    return new ClassValue<>() {
      @Override
      @SuppressWarnings("unchecked")
      protected T computeValue(Class<?> type) {
        return make.apply((Class<? extends Record>) type);
      }
    };
  }

  /** {@code made}, when the attribute it comes from fits the param's type. */
  private static <T> T fitting(T made, boolean fits, RecordComponent component, String attribute) {
    if (!fits) {
      throw new IllegalArgumentException(
          where(component) + ": @Param(" + attribute + ") does not fit its type");
    }
    return made;
  }

  /** The params record a {@link ParamGroup} component inlines, or null for a plain param. */
  @SuppressWarnings("unchecked")
  private static Class<? extends Record> group(RecordComponent component) {
    if (!component.isAnnotationPresent(ParamGroup.class)) {
      return null;
    }
    if (!component.getType().isRecord()) {
      throw new IllegalArgumentException(where(component) + " is a @ParamGroup but not a record");
    }
    return (Class<? extends Record>) component.getType();
  }

  private static Param param(RecordComponent component) {
    Param param = component.getAnnotation(Param.class);
    if (param == null) {
      throw new IllegalArgumentException(where(component) + " has no @Param");
    }
    return param;
  }

  private static ParamType type(RecordComponent component) {
    return type(component.getGenericType(), where(component));
  }

  private static String where(RecordComponent component) {
    return component.getDeclaringRecord().getSimpleName() + "." + component.getName();
  }

  /**
   * A stage's params as {@code record}: snake-case names to components, params the record does not
   * declare (tuning params the worker reads, {@code base_dir}) ignored.
   *
   * @param params the stage's params, defaults filled in and types checked by the validator
   */
  public static <R extends Record> R read(JsonNode params, Class<R> record) {
    try {
      return MAPPER.treeToValue(withGroups(params, record), record);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "params do not fit " + record.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** {@code params} with each {@link ParamGroup} component's name mapped to the params again. */
  private static JsonNode withGroups(JsonNode params, Class<? extends Record> record) {
    ObjectNode out = null;
    for (RecordComponent component : record.getRecordComponents()) {
      Class<? extends Record> group = group(component);
      if (group != null && params.isObject()) {
        if (out == null) {
          out = ((ObjectNode) params).deepCopy();
        }
        out.set(SNAKE.translate(component.getName()), withGroups(params, group));
      }
    }
    return out == null ? params : out;
  }

  private static JsonNode defaultValue(String text, ParamType type, String where) {
    if (Param.NONE.equals(text)) {
      return null;
    }
    if (type == ParamType.STRING) {
      return JsonNodeFactory.instance.textNode(text);
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": default is not JSON: " + text, e);
    }
  }

  private static ParamType type(Type type, String where) {
    if (type instanceof Class<?> c) {
      if (c == String.class) {
        return ParamType.STRING;
      }
      if (c == Integer.class || c == Long.class) {
        return ParamType.INTEGER;
      }
      if (c == Double.class || c == BigDecimal.class) {
        return ParamType.NUMBER;
      }
      if (c == Boolean.class) {
        return ParamType.BOOLEAN;
      }
    } else if (type instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments();
      if (p.getRawType() == List.class && args[0] == String.class) {
        return ParamType.STRING_LIST;
      }
      if (p.getRawType() == Map.class && args[0] == String.class) {
        if (args[1] == String.class) {
          return ParamType.STRING_MAP;
        }
        if (args[1] == Double.class || args[1] == BigDecimal.class) {
          return ParamType.NUMBER_MAP;
        }
        if (args[1] == Object.class) {
          return ParamType.SCALAR_MAP;
        }
      }
    }
    throw new IllegalArgumentException(
        where
            + " is a "
            + type.getTypeName()
            + "; a param is a String, Integer, Long, Double, BigDecimal, Boolean, List<String>,"
            + " or a Map<String, _> of String, Double, BigDecimal or Object (scalars)");
  }
}

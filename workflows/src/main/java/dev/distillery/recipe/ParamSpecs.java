package dev.distillery.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A kind's params as a record: the {@link ParamSpec} list made from its {@link Param} components,
 * and a stage's params read back as the record.
 */
public final class ParamSpecs {
  private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
      new PropertyNamingStrategies.SnakeCaseStrategy();
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Each record's params, made once. */
  private static final ClassValue<List<ParamSpec>> MADE =
      new ClassValue<>() {
        @Override
        @SuppressWarnings("unchecked")
        protected List<ParamSpec> computeValue(Class<?> type) {
          return make((Class<? extends Record>) type);
        }
      };

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

  private static List<ParamSpec> make(Class<? extends Record> record) {
    List<ParamSpec> params = new ArrayList<>();
    for (RecordComponent component : record.getRecordComponents()) {
      Param param = component.getAnnotation(Param.class);
      String where = record.getSimpleName() + "." + component.getName();
      if (param == null) {
        throw new IllegalArgumentException(where + " has no @Param");
      }
      ParamType type = type(component.getGenericType(), where);
      JsonNode defaultValue = defaultValue(param.defaultValue(), type, where);
      params.add(
          new ParamSpec(
              SNAKE.translate(component.getName()),
              type,
              param.required(),
              defaultValue,
              !param.tuning(),
              param.doc()));
    }
    return List.copyOf(params);
  }

  /**
   * A stage's params as {@code record}: snake-case names to components, params the record does not
   * declare (tuning params the worker reads, {@code base_dir}) ignored.
   *
   * @param params the stage's params, defaults filled in and types checked by the validator
   */
  public static <R extends Record> R read(JsonNode params, Class<R> record) {
    try {
      return MAPPER.treeToValue(params, record);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "params do not fit " + record.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
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

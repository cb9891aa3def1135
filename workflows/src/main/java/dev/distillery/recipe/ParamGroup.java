package dev.distillery.recipe;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a params record whose type is itself a params record, shared by several
 * kinds (for example {@link EndpointTuningParams}): its {@link Param} components are inlined at the
 * component's place, so recipes write them at the top level of {@code params} as if the kind
 * declared them itself, and {@link ParamSpecs#read} fills the component from those same params. The
 * component's own name is never a param.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface ParamGroup {}

package dev.ridehail.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives a controller method its {@link Caller} parameter from the request's validated token. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final boolean securityEnabled;

    CallerArgumentResolver(boolean securityEnabled) {
        this.securityEnabled = securityEnabled;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        return current(securityEnabled);
    }

    static Caller current(boolean securityEnabled) {
        if (!securityEnabled) {
            return Caller.withoutSecurity();
        }
        return Caller.of(SecurityContextHolder.getContext().getAuthentication());
    }
}

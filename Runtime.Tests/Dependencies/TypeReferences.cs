using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;

namespace RnnCodegen.Tests.Dependencies;

/// <summary>
/// Every type a compiled type uses: in its base type, interfaces, fields and member signatures, and in the IL of
/// its method bodies (calls, field accesses, <c>new</c>, casts, <c>typeof</c>), generic arguments and element types included.
/// What the compiler emitted is what counts, so a dependency cannot hide in a method body or a lambda.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(opCode => opCode.Value);

    /// <summary>The types <paramref name="type"/> uses, with each generic type as its definition.</summary>
    public static IReadOnlySet<Type> Of(Type type)
    {
        var used = new HashSet<Type>();
        Add(used, type.BaseType);
        foreach (Type implemented in type.GetInterfaces())
        {
            Add(used, implemented);
        }

        foreach (FieldInfo field in type.GetFields(Declared))
        {
            Add(used, field.FieldType);
        }

        foreach (MethodBase method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            AddSignature(used, method);
            AddBody(used, method);
        }

        used.Remove(type);
        return used;
    }

    private static void AddSignature(HashSet<Type> used, MethodBase method)
    {
        foreach (ParameterInfo parameter in method.GetParameters())
        {
            Add(used, parameter.ParameterType);
        }

        if (method is MethodInfo { ReturnType: var returnType })
        {
            Add(used, returnType);
        }

        if (method.IsGenericMethod)
        {
            foreach (Type argument in method.GetGenericArguments())
            {
                Add(used, argument);
            }
        }
    }

    private static void AddBody(HashSet<Type> used, MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return;
        }

        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int position = 0;
        while (position < il.Length)
        {
            // Two-byte opcodes start with 0xFE; their OpCode.Value is the two bytes as a big-endian short.
            short value = il[position] == 0xFE ? (short)(0xFE00 | il[position + 1]) : il[position];
            OpCode opCode = OpCodesByValue[value];
            position += opCode.Size;
            if (opCode.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, position);
                AddMember(used, method.Module.ResolveMember(token, typeArguments, methodArguments));
            }

            position += OperandSize(opCode.OperandType, il, position);
        }
    }

    private static void AddMember(HashSet<Type> used, MemberInfo? member)
    {
        switch (member)
        {
            case Type type:
                Add(used, type);
                break;
            case FieldInfo field:
                Add(used, field.DeclaringType);
                Add(used, field.FieldType);
                break;
            case MethodBase method:
                Add(used, method.DeclaringType);
                AddSignature(used, method);
                break;
        }
    }

    private static int OperandSize(OperandType operandType, byte[] il, int position) => operandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
        _ => 4,
    };

    private static void Add(HashSet<Type> used, Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.HasElementType)
        {
            Add(used, type.GetElementType());
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (Type argument in type.GetGenericArguments())
            {
                Add(used, argument);
            }

            type = type.GetGenericTypeDefinition();
        }

        used.Add(type);
    }
}

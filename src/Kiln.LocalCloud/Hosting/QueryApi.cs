using System.Xml.Linq;

namespace Kiln.LocalCloud.Hosting;

/// <summary>
/// One AWS Query service the endpoint serves: its actions and its response shapes. All of them share one endpoint
/// and are told apart by the service name in the SigV4 credential scope (`ec2`, `autoscaling`,
/// `elasticloadbalancing`), as a client pointed at one service URL signs them.
/// </summary>
public sealed record QueryApi(
    string Service, ActionTable Actions,
    Func<string, string, Ec2Result, XDocument> Success,
    Func<string, string, string, XDocument> Error)
{
    public static QueryApi Ec2(ActionTable actions) => new("ec2", actions, Ec2Endpoint.Success, Ec2Endpoint.Error);

    /// <summary>The shape of every Query service but EC2: `{Action}Response/{Action}Result` and
    /// `ResponseMetadata/RequestId`; errors as `ErrorResponse/Error{Type,Code,Message}`. A void action (SetDesiredCapacity)
    /// answers without a Result element, as AWS does.</summary>
    public static QueryApi Standard(string service, XNamespace ns, ActionTable actions) => new(service, actions,
        (action, requestId, result) => new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(ns + $"{action}Response",
                result.Elements.Count == 0 ? null : new XElement(ns + $"{action}Result", result.Elements),
                new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId)))),
        (code, message, requestId) => new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(ns + "ErrorResponse",
                new XElement(ns + "Error", new XElement(ns + "Type", "Sender"), new XElement(ns + "Code", code),
                    new XElement(ns + "Message", message)),
                new XElement(ns + "RequestId", requestId))));
}

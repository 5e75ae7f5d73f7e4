using System.Xml.Linq;

namespace Kiln.LocalCloud.Hosting;

/// <summary>One AWS Query service the endpoint speaks, chosen by the service name a request is signed for
/// (`ec2`, `autoscaling`, …). EC2 has its own response and error shapes; the others use the common Query ones
/// (`…Result` + `ResponseMetadata`, `ErrorResponse`).</summary>
public sealed record QueryApi(string SigningName, XNamespace Namespace, ActionTable Actions, bool Ec2Shape);
